using System.Globalization;
using Makemore;
using Makemore.Lecture;
using Makemore.PyTorch;
using Makemore.Training;

// Each line has a reference value from outside this library, which .ci/package-test compares the output with.

// g = torch.Generator().manual_seed(2147483647); torch.rand(3, generator=g): the lecture prints 0.7081, 0.3542, 0.1054.
Span<float> uniforms = stackalloc float[3];
Torch.Rand(new TorchGenerator(2147483647), uniforms);
Console.WriteLine(string.Join(" ", uniforms.ToArray().Select(u => u.ToString("F4", CultureInfo.InvariantCulture))));

// The lecture's W = torch.randn((27, 27), generator=g) on the bigrams of "emma": loss 3.7693 in the lecture.
var trainer = new BigramTrainer("emma", new TrainerOptions { Alphabet = ".abcdefghijklmnopqrstuvwxyz" });
Console.WriteLine(trainer.AverageNegativeLogLikelihood().ToString("F4", CultureInfo.InvariantCulture));

// The network as a model of the Makemore package: a type of one package made by the other.
LanguageModel model = trainer.ToModel();
Console.WriteLine(model.VocabularySize);

// The lecture's split of ten names; Python's random.seed(42); random.shuffle(words) orders them
// amelia isabella ava harper charlotte mia evelyn sophia | emma | olivia.
var split = LectureSplit.FromText("emma\nolivia\nava\nisabella\nsophia\ncharlotte\nmia\namelia\nharper\nevelyn\n");
Console.WriteLine($"{string.Join(" ", split.Train)} | {string.Join(" ", split.Dev)} | {string.Join(" ", split.Test)}");
