"""Real tools for looking at printed output: poppler-utils (pdfinfo, pdftotext, pdffonts,
pdftoppm, pdfimages) and zxing-cpp to decode QR codes from rendered pixels."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image

A5 = (419.53, 595.28)  # points
A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def info(pdf: Path) -> dict[str, str]:
    out = {}
    for line in run("pdfinfo", str(pdf)).splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


def pages(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def page_size(pdf: Path) -> tuple[float, float]:
    m = re.match(r"([\d.]+) x ([\d.]+) pts", info(pdf)["Page size"])
    assert m, info(pdf)
    return float(m.group(1)), float(m.group(2))


def same_size(got: tuple[float, float], want: tuple[float, float]) -> bool:
    return abs(got[0] - want[0]) < 1 and abs(got[1] - want[1]) < 1


def text(pdf: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", str(pdf), "-")


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(name, embedded) of every font the PDF uses."""
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    out = []
    for row in rows:
        parts = row.split()
        # name type… encoding emb sub uni object ID: 'emb' is the 5th field from the end
        out.append((parts[0], parts[-5] == "yes"))
    return out


def images(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) of every picture embedded in the PDF."""
    rows = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    return [(int(r.split()[3]), int(r.split()[4])) for r in rows]


def render(pdf: Path, dpi: int = 120) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as tmp:
        run("pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p")
        out = []
        for path in sorted(Path(tmp).glob("p-*.png")):
            with Image.open(path) as im:
                out.append(im.convert("RGB"))
        return out


def qr_codes(im: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(im) if r.format == zxingcpp.BarcodeFormat.QRCode]


def pdf_qr_codes(pdf: Path, dpi: int = 120) -> list[str]:
    return [code for page in render(pdf, dpi) for code in qr_codes(page)]
