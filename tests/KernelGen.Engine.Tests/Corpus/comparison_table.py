#!/usr/bin/env python3
"""Prints docs/verification.md's KernelBench comparison table from the rows the last corpus test run wrote.

Run `dotnet test tests/KernelGen.Engine.Tests` first, then this script from the repository root.
"""
import os
import re

CORPUS = 'tests/KernelGen.Engine.Tests/Corpus'
ROWS = 'tests/KernelGen.Engine.Tests/bin/Debug/net10.0/kernelbench-comparison'
HEADER = ('| kernel | what it does | KernelBench atol=rtol=1e-2 | KernelBench 1e-4 (fp32, PR #80) | KernelGen |\n'
          '|---|---|---|---|---|\n')


def names(file):
    return re.findall(r'^\s+new\("([a-z0-9-]+)"', open(os.path.join(CORPUS, file)).read(), re.M)


def row(name):
    return open(os.path.join(ROWS, name + '.md')).read()


def accepted(rows, column):
    return sum(1 for r in rows if r.split('|')[column].strip() in ('**accepted**', 'accepted'))


bad, good = names('BadKernels.cs'), names('GoodKernels.cs')
bad_rows, good_rows = [row(n) for n in bad], [row(n) for n in good]
print(f'**Bad kernels** ({len(bad)})\n\n{HEADER}' + ''.join(bad_rows))
print(f'**Good kernels** ({len(good)})\n\n{HEADER}' + ''.join(good_rows))
print(f'Bad kernels let through: KernelBench 1e-2: {accepted(bad_rows, 3)} of {len(bad)}, '
      f'KernelBench 1e-4: {accepted(bad_rows, 4)} of {len(bad)}, KernelGen: {accepted(bad_rows, 5)} of {len(bad)}. '
      f'Good kernels accepted: KernelBench 1e-2: {accepted(good_rows, 3)} of {len(good)}, '
      f'KernelBench 1e-4: {accepted(good_rows, 4)} of {len(good)}, KernelGen: {accepted(good_rows, 5)} of {len(good)}.')
