using System.CommandLine;
using Makemore.Demo;
using Spectre.Console;

Option<ulong> seed = new("--seed") { Description = "Seed of the random generator for sampling.", DefaultValueFactory = _ => 2147483647UL };
Option<int> count = new("--count") { Description = "How many names to sample.", DefaultValueFactory = _ => 10 };
count.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 0 or > 100_000)
    {
        result.AddError("--count must be between 0 and 100000.");
    }
});

var root = new RootCommand("Makemore: a character-level bigram language model of names, compiled at build time.")
{
    seed,
    count,
};
root.SetAction(parse => SummaryCommand.Run(AnsiConsole.Console, parse.GetValue(seed), parse.GetValue(count)));
return root.Parse(args).Invoke();
