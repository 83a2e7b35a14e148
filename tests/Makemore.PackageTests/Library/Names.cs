namespace NamesLibrary;

/// <summary>What the library offers besides its public model: names from a model only it can see.</summary>
public static class Places
{
    public static string Sample(Random random) => Makemore.PlaceModel.Sample(random);
}
