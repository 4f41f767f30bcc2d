import asyncio
from pathlib import Path

import pytest
import yaml

from loader.cli import datasette_app
from loader.store.build import build
from loader.store.counts import Counted
from loader.store.top import Lists

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


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


# Ranked lists for every term of more than 30 hits of the seed corpus, a third of
# their hits each (at least 25 rows): the default keeps lists for far bigger archives.
SEED_LISTS = Lists(threshold=30, length=25, share=3)
# Counts kept for every term of more than 30 hits of the seed corpus, strings of up to 6 characters;
# the strings of three characters bounded first, as a big archive's are.
SEED_COUNTED = Counted(threshold=30, longest=6, bounded_from=0)


@pytest.fixture(scope="session")
def listed_db(tmp_path_factory):
    """The seed archive with ranked lists (store/top.py) and kept counts (store/counts.py) for its frequent terms."""
    path = tmp_path_factory.mktemp("listed") / "news.db"
    build(path, [SEEDS], jobs=1, lists=SEED_LISTS, counted=SEED_COUNTED)
    return path


class Site:
    """Databases served as `zh-news serve` serves them (loader.cli.datasette_app),
    asked through Datasette's own ASGI client on one event loop."""

    def __init__(self, datasette, loop):
        self.datasette, self.loop = datasette, loop

    def get(self, path, **kwargs):
        return self.loop.run_until_complete(self.datasette.client.get(path, **kwargs))

    def run(self, coroutine):
        return self.loop.run_until_complete(coroutine)


@pytest.fixture(scope="session")
def serve():
    """serve(*db_paths, metadata=METADATA) -> Site: every HTTP test goes through this.
    immutable=False serves as plain `datasette FILE` does; settings override serve's."""
    loop = asyncio.new_event_loop()

    def served(*db_paths, metadata=METADATA, immutable=True, **settings):
        return Site(datasette_app(db_paths, metadata, immutable=immutable, **settings), loop)

    yield served
    loop.close()


@pytest.fixture(scope="session")
def site(serve, seed_db):
    return serve(seed_db)


@pytest.fixture(scope="session")
def get(site):
    return site.get
