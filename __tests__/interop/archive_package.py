"""Lists what the real client packs: for each folder given, the entry names of the zip that
jina-hubble-sdk's archive_package makes of it, as one JSON object {folder: [names]} on stdout.
Run with /usr/bin/python3 and PYTHONPATH pointing at a jina-hubble-sdk release of ../shared/reference."""
import json
import sys
import zipfile
from pathlib import Path

from hubble.executor.helper import archive_package

result = {}
for folder in sys.argv[1:]:
    with zipfile.ZipFile(archive_package(Path(folder))) as archive:
        result[folder] = archive.namelist()
json.dump(result, sys.stdout)
