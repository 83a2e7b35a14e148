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

// Scores: one name's negative log-likelihood (start and end included), and the lecture's loss per bigram.
Console.WriteLine(NameModel.NegativeLogLikelihood("emma"));
Console.WriteLine(NameModel.AverageNegativeLogLikelihood("emma\nolivia\nava"));

// The tables: '.' stands for the start and the end of a name.
Console.WriteLine(NameModel.Count('.', 'a'));       // names starting with 'a'
Console.WriteLine(NameModel.Probability('n', '.')); // P(end | 'n')
