using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Makemore.Benchmarks;

/// <summary>A benchmark class whose operations write a varying number of names.</summary>
public interface INamesPerOperation
{
    /// <summary>The average number of names one call of <paramref name="method"/> writes (deterministic: same seeds and sizes as the benchmark).</summary>
    double NamesPerOperation(string method);
}

/// <summary>The median time of an operation divided by the names it writes.</summary>
public sealed class PerNameColumn : IColumn
{
    public string Id => nameof(PerNameColumn);

    public string ColumnName => "Median/name";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median time of one operation divided by the average number of names it writes";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is null
            || Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not INamesPerOperation counter)
        {
            return "NA";
        }

        // The counter is a fresh instance in this process: give it the case's parameters (an order, say) first.
        foreach (ParameterInstance parameter in benchmarkCase.Parameters.Items)
        {
            benchmarkCase.Descriptor.Type.GetProperty(parameter.Name)?.SetValue(counter, parameter.Value);
        }

        double names = counter.NamesPerOperation(benchmarkCase.Descriptor.WorkloadMethod.Name);
        double nanoseconds = report.ResultStatistics.Median / names;
        return nanoseconds.ToString("F2", CultureInfo.InvariantCulture) + " ns";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}

/// <summary>Adds <see cref="PerNameColumn"/> to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PerNameColumnAttribute : ColumnConfigBaseAttribute
{
    public PerNameColumnAttribute()
        : base(new PerNameColumn())
    {
    }
}
