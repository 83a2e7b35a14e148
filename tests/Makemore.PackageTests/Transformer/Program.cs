using System.Globalization;
using Makemore;

// Neural was compiled from names.weights when the project was built. .ci/package-test checks that the name is
// made of the alphabet's characters (its first, the end, excepted) and that the score is a plausible one.
Console.WriteLine(Neural.Alphabet.ToString());
Console.WriteLine(Neural.Sample(new Random(1)));
Console.WriteLine(Neural.NegativeLogLikelihood("emma").ToString("R", CultureInfo.InvariantCulture));
