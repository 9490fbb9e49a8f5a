#!/usr/bin/env python3
"""Word spacing of justified text in a PDF, as a reader sees it.

    python3 benches/wordgaps.py FILE.pdf FONT_SIZE_PT [FIRST_PAGE]

Reads word boxes from `pdftotext -bbox-layout` (poppler-utils). A line counts as justified
when it reaches the right edge of the text column (the rightmost word end of the document,
within 1.5 pt); the last line of a paragraph does not. Prints how many of those lines have a
gap between two words wider than 0.5 em, the measure issue 13 sets (at most 15%).
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"


def lines(pdf, first):
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(first), pdf, "-"],
        check=True, capture_output=True, text=True,
    ).stdout
    root = ET.fromstring(xml)
    for page in root.iter(NS + "page"):
        for line in page.iter(NS + "line"):
            words = [(float(w.get("xMin")), float(w.get("xMax"))) for w in line.iter(NS + "word")]
            if len(words) > 1:
                yield words


def main():
    pdf, size = sys.argv[1], float(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    all_lines = list(lines(pdf, first))
    right = max(w[-1][1] for w in all_lines)
    justified = [w for w in all_lines if w[-1][1] >= right - 1.5 - size]
    loose = [w for w in justified if max(b[0] - a[1] for a, b in zip(w, w[1:])) > 0.5 * size]
    share = 100.0 * len(loose) / max(1, len(justified))
    print(f"{pdf}: {len(loose)} of {len(justified)} justified lines have a word gap over 0.5 em ({share:.1f}%)")


if __name__ == "__main__":
    main()
