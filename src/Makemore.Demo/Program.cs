using System;
using Makemore.Demo;

return Cli.Run(args, Console.Out, Console.Error);
