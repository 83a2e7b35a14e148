using System.Globalization;
using Makemore;

// Neural was compiled from names.weights and names.txt when the project was built. .ci/package-test checks that the
// name is made of the alphabet's characters (its first, the end, excepted), that the score is a plausible one, and
// that the model knows the list's names: "emma" is one, and a name drawn with Novel is not.
Console.WriteLine(Neural.Alphabet.ToString());
Console.WriteLine(Neural.Sample(new Random(1)));
Console.WriteLine(Neural.NegativeLogLikelihood("emma").ToString("R", CultureInfo.InvariantCulture));
Console.WriteLine(Neural.ContainsName("emma"));
string novel = Neural.Sample(new Random(2), new SamplingOptions { Novel = true });
Console.WriteLine(Neural.ContainsName(novel));
