#!/usr/bin/env python3
"""Converts the classic SMART-format test collections into Gazette's compact TSV form.

Usage: convert.py NAME RAW_DOCS RAW_QUERIES RAW_QRELS OUT_DIR
NAME is cisi, cranfield or cacm. Writes docs.tsv (id, title, body), queries.tsv (id, text)
and qrels.tsv (query id, doc id, relevance grade > 0) into OUT_DIR. Whitespace is collapsed;
tabs cannot occur in the output fields.
"""
import re, sys, os

def records(path):
    """Yields (id, {field: text}) for a SMART file with .I/.T/.W/... markers."""
    rec_id, fields, cur = None, {}, None
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = re.match(r"^\.([A-Z])(?:\s+(\S+))?\s*$", line.rstrip("\r\n"))
            if m:
                tag = m.group(1)
                if tag == "I":
                    if rec_id is not None:
                        yield rec_id, fields
                    rec_id, fields, cur = m.group(2), {}, None
                else:
                    cur = tag
                    fields.setdefault(cur, [])
                continue
            if cur is not None:
                fields[cur].append(line.strip())
    if rec_id is not None:
        yield rec_id, fields

def clean(parts):
    return " ".join(" ".join(parts).split())

def main():
    name, docs_path, queries_path, qrels_path, out = sys.argv[1:6]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "docs.tsv"), "w", encoding="utf-8") as f:
        for rid, fl in records(docs_path):
            title, body = clean(fl.get("T", [])), clean(fl.get("W", []))
            if name == "cranfield" and body.startswith(title):
                body = body[len(title):].strip()  # Cranfield repeats the title as the body's first sentence
            f.write(f"{int(rid)}\t{title}\t{body}\n")
    queries = [(rid, clean(fl.get("W", []))) for rid, fl in records(queries_path)]
    with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as f:
        for pos, (rid, text) in enumerate(queries, start=1):
            # Cranfield's qrels number the queries by position (1..225), not by their .I labels.
            qid = pos if name == "cranfield" else int(rid)
            f.write(f"{qid}\t{text}\n")
    rows = set()
    with open(qrels_path, encoding="latin-1") as f:
        for line in f:
            p = line.split()
            if len(p) < 2:
                continue
            q, d = int(p[0]), int(p[1])
            if name == "cranfield":
                code = int(p[2])
                if code < 1 or code > 4:  # -1: "references of no interest"
                    continue
                rel = 5 - code  # 1 (complete answer) becomes grade 4
            else:
                rel = 1
            rows.add((q, d, rel))
    with open(os.path.join(out, "qrels.tsv"), "w", encoding="utf-8") as f:
        for q, d, rel in sorted(rows):
            f.write(f"{q}\t{d}\t{rel}\n")

main()
