"""Word import throughput: the importer's dry-run conversion against mammoth, same files, same
run.

Corpus: every .docx of the shared development corpus (../shared/corpus/dev, when present) plus
generated legacy procedures (`importers.samples`), some of them padded out to realistic length.
For each converter: files per second (median of repeated passes), text retention against an
independent extraction (`importers.textcheck.reference_text`, words as a multiset, weighted by
length; mean and minimum over files), and peak Python memory (tracemalloc) for one pass.
Also python-docx's own open-and-iterate (the floor of any python-docx importer) and legacy .doc
files per second, with a batch sharing one LibreOffice run and with one LibreOffice per file.
Target: at least 5 times mammoth's throughput with text retention no worse; >= 5 .doc/s.
"""

from __future__ import annotations

import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpl_site.settings.test")
django.setup()

import docx  # noqa: E402
import docx.table  # noqa: E402
import mammoth  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from importers import batchdoc  # noqa: E402
from importers.importer import convert, convert_path  # noqa: E402
from importers.package import WordImportError, soffice_path  # noqa: E402
from importers.samples import LEGACY_DEMO, LegacySpec, legacy_procedure  # noqa: E402
from importers.textcheck import reference_text, retention  # noqa: E402
from tests.benchmarks.common import print_table  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]


def corpus_dir() -> Path | None:
    for parent in REPO_ROOT.parents:
        candidate = parent / "shared" / "corpus" / "dev"
        if candidate.is_dir():
            return candidate
    return None


def generated(count: int = 40) -> list[tuple[str, bytes]]:
    files = []
    for n in range(count):
        spec = LEGACY_DEMO[n % len(LEGACY_DEMO)][1]
        sections = [
            (f"Section {i} of {spec.title}", [f"Paragraph {j} of section {i}: " + "the commander "
             "records each decision, its rationale and who was told. " * 3 for j in range(6)])
            for i in range(2 + n % 10)
        ]  # fmt: skip
        padded = LegacySpec(**{**spec.__dict__, "reference": f"LEG-{500 + n}",
                               "sections": spec.sections + sections})  # fmt: skip
        files.append((f"generated-{n}.docx", legacy_procedure(padded)))
    return files


def load_corpus() -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    root = corpus_dir()
    if root:
        files += [(p.name, p.read_bytes()) for p in sorted(root.rglob("*.docx"))]
    return files + generated()


def importer_caches() -> list:
    """The importer's memoised functions (label matching, dates...): pure functions of text,
    cached because documents repeat their labels and values."""
    found = {
        id(value): value
        for module_name, module in sorted(sys.modules.items())
        if module_name.startswith("importers.")
        for value in vars(module).values()
        if callable(getattr(value, "cache_clear", None))
    }
    return list(found.values())


def ours(name: str, data: bytes) -> str | None:
    # Every file converts with cold caches, as if it were the first file of a batch: the
    # repeated passes over the same files must not answer from the previous pass.
    for cached in CACHES:
        cached.cache_clear()
    try:
        conversion = convert(data, name)
    except WordImportError:
        return None
    return " ".join(conversion.body.text_parts + conversion.meta.consumed_text)


CACHES = importer_caches()


def theirs(name: str, data: bytes) -> str | None:
    try:
        result = mammoth.convert_to_html(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - mammoth fails in its own ways; count as a failure
        return None
    # Separate elements with spaces so paragraphs and cells do not run together.
    return " ".join(lxml_html.fromstring(f"<div>{result.value}</div>").itertext())


def python_docx_floor(name: str, data: bytes) -> str | None:
    """python-docx's own open-and-iterate: open the package, walk the body's paragraphs and
    tables (cell text), the floor any python-docx based importer stands on."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx refuses some files; count as a failure
        return None
    words: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            words.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            words.append(block.text)
    return " ".join(words)


@dataclass
class DocRates:
    batch: float  # files per second, a batch sharing one LibreOffice run
    batch_cpu: float  # files per CPU-second (LibreOffice included)
    single: float  # files per second, one LibreOffice per file
    start_cpu: float  # CPU seconds of one LibreOffice run converting one file
    per_file_cpu: float  # CPU seconds each further file of a batch adds
    files: int


def doc_batch(docs: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds to import `docs` as import_word does: one LibreOffice run converts
    the batch (importers.batchdoc), then each file is converted to items."""
    started, cpu = time.perf_counter(), cpu_seconds()
    with batchdoc.preconverted(docs):
        for path in docs:
            convert_path(str(path))
    return time.perf_counter() - started, cpu_seconds() - cpu


def doc_files_per_second(count: int = 40) -> DocRates | None:
    """Legacy .doc conversion: files per second when a batch shares one LibreOffice run
    (import_word), and when each file starts its own (one file at a time); what a batch costs
    in CPU: LibreOffice's start (a batch of two files, less one file's share) and each further
    file."""
    binary = soffice_path()
    if not binary:
        return None
    with tempfile.TemporaryDirectory(prefix="jpl-bench-doc-") as tmp:
        folder = Path(tmp)
        for n, (_, data) in enumerate(generated(count)):
            (folder / f"g{n}.docx").write_bytes(data)
        subprocess.run(
            [binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--convert-to", "doc", "--outdir", str(folder / "doc"),
             *map(str, sorted(folder.glob("*.docx")))],
            capture_output=True, check=False, timeout=600,
        )  # fmt: skip
        docs = sorted((folder / "doc").glob("*.doc"))
        if len(docs) < 3:
            return None
        wall, cpu = doc_batch(docs)
        _, two_cpu = doc_batch(docs[:2])  # a batch needs two files to share a run
        per_file = max(0.0, (cpu - two_cpu) / (len(docs) - 2))
        started = time.perf_counter()
        for path in docs[:3]:
            convert_path(str(path))
        single = 3 / (time.perf_counter() - started)
        return DocRates(
            batch=len(docs) / wall,
            batch_cpu=len(docs) / cpu,
            single=single,
            start_cpu=two_cpu - 2 * per_file,
            per_file_cpu=per_file,
            files=len(docs),
        )


def cpu_seconds() -> float:
    """CPU time of this process and of the LibreOffice runs it waited for. On a machine shared
    with other work the wall clock measures the others too; this does not."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def one_pass(converter, files) -> tuple[float, float, list[str | None]]:
    """(wall seconds, CPU seconds, outputs) of one pass over the files."""
    started, cpu = time.perf_counter(), time.process_time()
    outputs = [converter(name, data) for name, data in files]
    return time.perf_counter() - started, time.process_time() - cpu, outputs


def peak_memory(converter, files) -> float:
    tracemalloc.start()
    for name, data in files:
        converter(name, data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main(repeat: int = 5) -> None:
    files = load_corpus()
    references = [reference_text(data) for _, data in files]
    rows = []
    summary = {}
    converters = (
        ("importer (dry run)", ours),
        ("mammoth", theirs),
        ("python-docx open+iterate", python_docx_floor),
    )
    walls: dict[str, list[float]] = {label: [] for label, _ in converters}
    cpus: dict[str, list[float]] = {label: [] for label, _ in converters}
    outputs: dict[str, list[str | None]] = {}
    for _, converter in converters:
        one_pass(converter, files)  # warm-up
    # Passes interleaved, so that a change in the machine's load (it is shared) falls on every
    # converter alike; CPU time besides wall time, since other work stretches only the latter.
    for _ in range(repeat):
        for label, converter in converters:
            wall, cpu, outputs[label] = one_pass(converter, files)
            walls[label].append(wall)
            cpus[label].append(cpu)
    for label, converter in converters:
        median = statistics.median(walls[label])
        cpu_median = statistics.median(cpus[label])
        converted = [
            (ref, out)
            for ref, out in zip(references, outputs[label], strict=True)
            if out is not None
        ]
        scores = [retention(ref, out) for ref, out in converted]
        all_scores = [
            retention(ref, out or "") for ref, out in zip(references, outputs[label], strict=True)
        ]
        summary[label] = (
            len(files) / median,
            statistics.mean(all_scores),
            len(files) / cpu_median,
        )
        rows.append([
            label,
            f"{len(files) / median:.1f}",
            f"{len(files) / cpu_median:.1f}",
            f"{median * 1000:.0f}",
            f"{len(converted)}/{len(files)}",
            f"{statistics.mean(scores):.4f}" if scores else "-",
            f"{min(scores):.4f}" if scores else "-",
            f"{statistics.mean(all_scores):.4f}",
            f"{peak_memory(converter, files):.1f}",
        ])  # fmt: skip
    print(f"corpus: {len(files)} files ({sum(len(d) for _, d in files) / 1024:.0f} KiB)")
    print_table(
        "Word conversion throughput and text retention",
        ["converter", "files/s", "files/CPU-s", "pass ms", "converted", "retention mean",
         "retention min", "retention all files", "peak MiB"],
        rows,
    )  # fmt: skip
    cpu_ratio = summary["importer (dry run)"][2] / summary["mammoth"][2]
    cpu_floor = summary["importer (dry run)"][2] / summary["python-docx open+iterate"][2]
    print(
        f"\nthroughput ratio importer/mammoth in CPU time: {cpu_ratio:.2f}x (target >= 5x); "
        f"to python-docx's open-and-iterate floor: {cpu_floor:.2f}x"
    )
    ratio = summary["importer (dry run)"][0] / summary["mammoth"][0]
    floor = summary["importer (dry run)"][0] / summary["python-docx open+iterate"][0]
    print(f"throughput ratio importer/mammoth in wall time: {ratio:.2f}x")
    print(
        f"throughput ratio importer/python-docx open-and-iterate floor in wall time: {floor:.2f}x"
        " (the importer does far more per file: styles, numbering, fields, notes, metadata)"
    )
    doc = doc_files_per_second()
    if doc is None:
        print("legacy .doc: LibreOffice not installed, not measured")
    else:
        print(
            f"legacy .doc, a batch of {doc.files}: {doc.batch:.1f} files/s when the batch "
            f"shares one LibreOffice run (target >= 5), {doc.single:.2f} files/s one "
            f"LibreOffice per file; the batch is {doc.batch_cpu:.1f} files per CPU-second "
            f"(LibreOffice included: the rate of an idle core): LibreOffice's start costs "
            f"{doc.start_cpu:.2f} CPU-s, each further file {doc.per_file_cpu * 1000:.0f} CPU-ms"
        )
    print(f"load average when measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        "retention over all files (refused files count as 0 where they hold text): "
        f"importer {summary['importer (dry run)'][1]:.4f}, mammoth {summary['mammoth'][1]:.4f}"
    )
    # tracemalloc sees Python allocations only (not lxml's C heap); this is the whole process.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole benchmark process: {rss:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
