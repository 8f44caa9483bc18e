"""The public Jina client's way of packing an executor, with the standard library only.

Walks the folder, writes every file into a zipfile.ZipFile held in an io.BytesIO with ZIP_DEFLATED
(default level), takes the md5 of the bytes, writes them out and prints {size, md5, entries} as JSON.
No .gitignore rules: the benchmark folder has nothing they would leave out.

usage: python3 python_packer.py <folder> <out.zip>
"""
import hashlib
import io
import json
import os
import sys
import zipfile


def pack(folder):
    root = os.path.abspath(folder)
    buffer = io.BytesIO()
    entries = 0
    with zipfile.ZipFile(buffer, 'w', compression=zipfile.ZIP_DEFLATED) as archive:

        def visit(path):
            nonlocal entries
            for name in sorted(os.listdir(path)):
                full = os.path.join(path, name)
                if os.path.isdir(full):
                    visit(full)
                else:
                    archive.write(full, os.path.relpath(full, root))
                    entries += 1

        visit(root)
    data = buffer.getvalue()
    return data, hashlib.md5(data).hexdigest(), entries


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    data, md5, entries = pack(sys.argv[1])
    with open(sys.argv[2], 'wb') as out:
        out.write(data)
    print(json.dumps({'size': len(data), 'md5': md5, 'entries': entries}))


if __name__ == '__main__':
    main()
