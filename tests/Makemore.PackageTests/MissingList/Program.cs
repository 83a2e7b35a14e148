System.Console.WriteLine("unreachable: the build must fail with MM0013");
