using Makemore;

// NameModel was compiled from names.txt when the project was built.
Console.WriteLine(NameModel.Sample(new Random(42)));

// Allocation-free: a struct generator and a buffer on the stack. A name is never truncated.
var rng = new Xoshiro256StarStar(seed: 2147483647);
Span<char> buffer = stackalloc char[32];
for (int i = 0; i < 5; i++)
{
    int length = NameModel.Sample(ref rng, buffer);
    Console.WriteLine(buffer[..length].ToString());
}

// Scores: one name's negative log-likelihood (its end included), and the average per symbol over lines.
Console.WriteLine(NameModel.NegativeLogLikelihood("emma"));
Console.WriteLine(NameModel.AverageNegativeLogLikelihood("emma\nolivia\nava"));

// Probabilities: that a name starting "emm" goes on with 'a', and that "ava" ends there ('.' is the end).
Console.WriteLine(NameModel.Probability("emm", 'a'));
Console.WriteLine(NameModel.Probability("ava", '.'));

// Conditions, met exactly: names starting "ka", 4 to 8 letters, not in names.txt, a little bolder than the list.
var options = new SamplingOptions { Prefix = "ka", MinLength = 4, MaxLength = 8, Novel = true, Temperature = 1.2 };
Console.WriteLine(NameModel.Sample(ref rng, options));
Console.WriteLine(string.Join(", ", NameModel.SampleUnique(ref rng, 5, options))); // five different names
Console.WriteLine(NameModel.Probability(options)); // how often a plain draw at T = 1.2 would meet them
