using System;
using Makemore.Bigram;
using Makemore.NGram;

namespace Makemore.Constraints;

internal sealed partial class ConstrainedSampler
{
    /// <summary>
    /// The symbols of one name after the prefix, one at a time, from the sampler the options call for: the model's
    /// own (its tree or its bigram alias table: temperature 1 and no length bound), the tempered model's alias tables
    /// (a temperature alone), or the length table's weights (a length bound). Every draw loop reads its symbols
    /// through this, whatever it writes them into, so that the three ways of drawing are written once.
    /// </summary>
    private ref struct RestDraw
    {
        private readonly ConstrainedSampler _sampler;
        private readonly NGramTable _tree;
        private readonly ReadOnlySpan<uint> _aliasTable;
        private readonly int _vocabulary;
        private readonly Way _way;

        // The tree's context handle; the bigram's previous symbol or the tempered graph's context; the name's length.
        private ulong _handle;
        private int _state;
        private int _length;

        public RestDraw(ConstrainedSampler sampler, scoped in ModelTables tables)
        {
            _sampler = sampler;
            _length = sampler._prefixSymbols.Length;
            if (!sampler.UsesModelSampler)
            {
                _way = Way.Tempered;
                _state = sampler.StartNode;
            }
            else if (tables.IsTree)
            {
                _way = Way.Tree;
                _tree = tables.Tree;
                _handle = sampler._startHandle;
            }
            else
            {
                _way = Way.Bigram;
                _aliasTable = tables.AliasTable;
                _vocabulary = tables.Alphabet.Length;
                _state = sampler._startSymbol;
            }
        }

        private enum Way
        {
            Tree,
            Bigram,
            Tempered,
        }

        /// <summary>The next symbol; 0 is the end.</summary>
        public int Next<TRandom>(ref TRandom random)
            where TRandom : struct, IRandomSource
        {
            switch (_way)
            {
                case Way.Tree:
                    return NGramSampler.NextSymbol(ref random, _tree, _handle, out _handle);
                case Way.Bigram:
                    return _state = BigramSampler.NextSymbol(ref random, _aliasTable, _vocabulary, _state);
                default:
                    TemperedGraph tempered = _sampler.Tempered;
                    int pair = _sampler._temperedTables is { } tables
                        ? tables.Next(ref random, _state)
                        : ConditionedDraw.Next(ref random, tempered, _sampler.Lengths, _state, _length);
                    _length++;
                    _state = tempered.Graph.PairNext[pair];
                    return tempered.Graph.PairSymbol[pair];
            }
        }
    }
}
