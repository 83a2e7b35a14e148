using Makemore;

var random = new Random(1);
Console.WriteLine($"app: {NameModel.Sample(random)} from {NameModel.Alphabet.ToString()}");
Console.WriteLine($"library: {NamesLibrary.NameModel.Sample(random)} from {NamesLibrary.NameModel.Alphabet.ToString()}");
Console.WriteLine($"library's places: {NamesLibrary.Places.Sample(random)}");
return NameModel.Alphabet.SequenceEqual(".adeiklnorvxyz") && NamesLibrary.NameModel.Alphabet.SequenceEqual(".abcdnor") ? 0 : 1;
