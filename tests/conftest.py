import asyncio
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from loader.build import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def random_substrings(texts, count, longest, rng):
    """count distinct substrings of 1 to longest characters, taken from texts at random."""
    picked = set()
    while len(picked) < count:
        text = rng.choice(texts)
        n = rng.randint(1, longest)
        if len(text) >= n:
            i = rng.randrange(len(text) - n + 1)
            picked.add(text[i:i + n])
    return sorted(picked)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "news.db"
    build(path, [SEEDS], jobs=1)
    return path


@pytest.fixture(scope="session")
def datasette(seed_db):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return Datasette([str(seed_db)], metadata=metadata)


@pytest.fixture(scope="session")
def get(datasette):
    """Synchronous GET through the real Datasette ASGI app."""
    loop = asyncio.new_event_loop()

    def fetch(path):
        return loop.run_until_complete(datasette.client.get(path))

    yield fetch
    loop.close()
