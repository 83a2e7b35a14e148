using System;
using System.IO;

namespace Makemore.Tests.Docs;

/// <summary>The repository's own files, found from the test binary's folder upwards.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding Makemore.sln.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Makemore.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Makemore.sln not found above " + AppContext.BaseDirectory);
    }
}
