"""The dependency recorder (`sitegen/record/`): reads noted in the frame of the value being made, kept
values checked by what they read, made again only when a read changed, and kept on disk by key.

The whole build runs on it (tests/test_incremental_property.py proves the site equal to a clean
build after every kind of edit); these are its own rules, on small values and real files.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen import record
from sitegen.config import load_config
from sitegen.record import reads
from sitegen.record.fingerprint import by_reference, fingerprint, known
from sitegen.record.graph import UNLOADED, Graph
from sitegen.record.store import Store


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    size: int


@dataclass(frozen=True, slots=True)
class Whole:
    parts: tuple[Part, ...]


by_reference(Part)


def test_reads_are_noted_in_the_frame_of_the_value_being_made(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    with record.recording() as outer:
        reads.read_text(tmp_path / "a.txt")
        with record.recording() as inner:
            assert reads.kind(tmp_path / "b.txt") == "missing"
            assert reads.listing(tmp_path) == ["a.txt"]
    assert list(outer.reads) == [("file", str(tmp_path / "a.txt"))]
    assert list(inner.reads) == [("is", str(tmp_path / "b.txt")), ("listing", str(tmp_path))]
    assert inner.reads[("is", str(tmp_path / "b.txt"))] == b"missing"
    assert not record.active()


def test_a_config_key_read_is_noted_with_its_value(tmp_path: Path) -> None:
    (tmp_path / "sitegen.toml").write_text('title = "一报"\n', encoding="utf-8")
    config = load_config(None, cwd=tmp_path)
    with record.recording() as frame:
        assert config.title == "一报"
    assert list(frame.reads) == [("config", "title")]
    other = load_config(None, cwd=tmp_path, base_url="/x/")
    with record.recording() as again:
        assert other.title == "一报"
    assert again.reads == frame.reads, "the same value, the same fingerprint"


def test_equal_values_have_one_fingerprint_however_their_parts_are_shared() -> None:
    part = Part("甲", 1)
    assert fingerprint(Whole((part, part))) == fingerprint(Whole((Part("甲", 1), Part("甲", 1))))
    assert fingerprint(Whole((part,))) != fingerprint(Whole((Part("甲", 2),)))
    known(part, b"x" * 16)
    assert fingerprint(Whole((part,))) != fingerprint(Whole((Part("甲", 1),))), "a part stands as its fingerprint"


def test_a_kept_value_is_made_again_only_when_a_read_changed(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("一", encoding="utf-8")
    graph = Graph()
    made = []

    def length(path: Path) -> int:
        made.append(path)
        return len(reads.read_text(path))

    graph.begin(None)
    assert graph.call(("length",), length, source) == 1
    graph.begin(None)
    with record.recording() as frame:
        assert graph.call(("length",), length, source) == 1
    assert len(made) == 1 and ("file", str(source)) in frame.reads, "kept, its reads replayed into the caller"
    source.write_text("一二", encoding="utf-8")
    graph.begin(None)
    assert graph.call(("length",), length, source) == 2 and len(made) == 2
    other = tmp_path / "other.txt"
    other.write_text("一二三", encoding="utf-8")
    graph.begin(None)
    assert graph.call(("length",), length, other) == 3 and len(made) == 3, "other arguments: made again"


def test_a_file_changed_within_its_timestamp_is_read_again(tmp_path: Path) -> None:
    """A file written again with the same size and modification time (a coarse clock) looks unchanged:
    when it was modified right before it was read, its stat is not trusted."""
    source = tmp_path / "source.txt"
    source.write_text("一", encoding="utf-8")
    stamp = os.stat(source).st_mtime_ns
    graph = Graph()
    graph.begin(None)
    read = graph.intern([(("file", str(source)), reads.digest(reads.read_bytes(source)))])
    source.write_text("二", encoding="utf-8")
    os.utime(source, ns=(stamp, stamp))
    graph.begin(None)
    assert not graph.holds(read)


def test_an_equal_value_made_again_keeps_what_was_made_from_it(tmp_path: Path) -> None:
    """Early cutoff: an edit that leaves a value equal makes nothing made from it again."""
    source = tmp_path / "source.txt"
    source.write_text("甲乙", encoding="utf-8")
    graph = Graph()
    made = []

    def first(path: Path) -> str:
        return reads.read_text(path)[0]

    def shout(letter: str) -> str:
        made.append(letter)
        return letter * 3

    for text in ("甲乙", "甲丙"):
        source.write_text(text, encoding="utf-8")
        graph.begin(None)
        assert graph.call(("shout",), shout, graph.call(("first",), first, source)) == "甲甲甲"
    assert made == ["甲"]


def test_the_graph_is_kept_on_disk_by_key(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("一", encoding="utf-8")
    store = Store(tmp_path / "graph.sqlite", "code 1")
    graph = Graph(store, ["whole"])
    graph.begin(None)
    value = graph.call(("whole", "a"), lambda path: Whole((Part(reads.read_text(path), 1),)), source)
    assert store.save(graph, {"note": b"1"})
    store.close()

    again = Graph(Store(tmp_path / "graph.sqlite", "code 1"), ["whole"])
    again.begin(None)
    assert again.kept(("whole", "a"), (source,)) == value
    assert again.keys("whole") == {("whole", "a")} and again.store.meta("note") == b"1"
    other = Graph(Store(tmp_path / "graph.sqlite", "code 2"), ["whole"])
    assert other.keys("whole") == set(), "another sitegen's records are not used"


def test_a_damaged_store_is_a_miss_and_replaced(tmp_path: Path) -> None:
    (tmp_path / "graph.sqlite").write_bytes(b"not a database")
    store = Store(tmp_path / "graph.sqlite", "code")
    graph = Graph(store, ["x"])
    graph.begin(None)
    assert graph.kept(("x",), ()) is UNLOADED
    graph.call(("x",), lambda: 1)
    assert store.save(graph, {})


@pytest.mark.parametrize("kind", ["file", "listing"])
def test_a_read_is_checked_by_content_not_by_stat(tmp_path: Path, kind: str) -> None:
    """Touched but unchanged is unchanged."""
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("一", encoding="utf-8")
    graph = Graph()
    graph.begin(None)
    with record.recording() as frame:
        reads.read_bytes(folder / "a.txt") if kind == "file" else reads.listing(folder)
    read = graph.intern(frame.reads)
    time.sleep(0.01)
    (folder / "a.txt").write_text("一", encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")
    (folder / "b.txt").unlink()
    graph.begin(None)
    assert graph.holds(read)
    (folder / "a.txt").write_text("二", encoding="utf-8") if kind == "file" else (folder / "c.txt").touch()
    graph.begin(None)
    assert not graph.holds(read)
