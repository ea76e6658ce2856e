#!/usr/bin/env python3
"""Sort dictionary files in place the way tests/dictionaries.rs expects.

    python3 tools/sort_dict.py dictionaries/places/regions.tsv [more files...]
    python3 tools/sort_dict.py --all          # every dictionaries/**/*.tsv and *.txt

Keeps the leading '#' header block, drops blank lines and exact duplicate lines, sorts the data lines by their
UTF-8 bytes (Python: sorted(lines, key=lambda s: s.encode())), and reports duplicate (surface, type) pairs in .tsv
files, which must be resolved by hand. Only the standard library is needed.
"""
import glob
import os
import sys


def sort_file(path):
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    header, data = [], []
    for line in lines:
        if line.startswith('#') and not data:
            header.append(line)
        elif line.startswith('#'):
            print(f'{path}: comment line after data moved to the header: {line}', file=sys.stderr)
            header.append(line)
        elif line.strip():
            data.append(line.rstrip('\r'))
    data = sorted(set(data), key=lambda s: s.encode('utf-8'))
    ok = True
    if path.endswith('.tsv'):
        seen = {}
        for line in data:
            cols = line.split('\t')
            if len(cols) != 4:
                print(f'{path}: not 4 columns: {line!r}', file=sys.stderr)
                ok = False
                continue
            key = (cols[0], cols[1])
            if key in seen:
                print(f'{path}: duplicate (surface, type) {key}: {seen[key]!r} / {line!r}', file=sys.stderr)
                ok = False
            seen[key] = line
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(header + data) + '\n')
    return ok


def main(argv):
    if argv == ['--all']:
        root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'dictionaries')
        argv = sorted(glob.glob(os.path.join(root, '**', '*.tsv'), recursive=True) +
                      glob.glob(os.path.join(root, '**', '*.txt'), recursive=True))
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    return 0 if all([sort_file(p) for p in argv]) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
