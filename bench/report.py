#!/usr/bin/env python3
"""The results table of bench/run.sh, as Markdown.

    python3 bench/report.py RESULTS.tsv OUT.md < context

RESULTS.tsv has one row per measured build: tool, scenario, run, wall s,
user s, sys s, max RSS KB, files written, bytes written, files in the
output, bytes in the output, CPU busy % just before the run, CPU seconds
other processes used during it. For each tool and
scenario the fastest run (by wall time) is reported. The context (key=value
lines on stdin) describes the machine and the versions. The table is printed
and written to OUT.md.
"""

import sys

SCENARIOS = [
    ("cold", "cold build (from scratch)"),
    ("edit", "rebuild: one article edited"),
    ("add", "rebuild: one article added"),
    ("template", "rebuild: tag template changed"),
]


def read_runs(path):
    runs = []
    with open(path, encoding="utf-8") as tsv:
        for line in tsv:
            f = line.rstrip("\n").split("\t")
            runs.append({
                "tool": f[0], "scenario": f[1], "run": int(f[2]),
                "wall": float(f[3]), "cpu": float(f[4]) + float(f[5]),
                "user": float(f[4]), "sys": float(f[5]),
                "rss_mb": int(f[6]) / 1024,
                "written": int(f[7]), "written_mb": int(f[8]) / 1e6,
                "files": int(f[9]), "mb": int(f[10]) / 1e6, "busy": f[11],
                "others": f[12] if len(f) > 12 else "-",
                "outcome": f[13] if len(f) > 13 else "ok",
            })
    return runs


def fastest(runs, tool, scenario):
    """The fastest complete run; else the run that was stopped, or the skipped one."""
    matching = [r for r in runs if r["tool"] == tool and r["scenario"] == scenario]
    done = [r for r in matching if r["outcome"] == "ok"]
    if done:
        return min(done, key=lambda r: r["wall"])
    stopped = [r for r in matching if r["outcome"] == "timeout"]
    return (stopped or matching or [None])[0]


def figures(r):
    """The five cells of one tool's figures."""
    if r["outcome"] == "timeout":
        # What it had used when it was stopped: lower bounds.
        return [f"> {r['wall']:.0f} (stopped)", f"> {r['cpu']:.0f}", f"≥ {r['rss_mb']:,.0f}",
                f"({r['written']:,} so far)", f"({r['written_mb']:,.1f} so far)"]
    if r["outcome"] != "ok":
        return ["not run", "–", "–", "–", "–"]
    return [f"{r['wall']:.2f}", f"{r['cpu']:.2f}", f"{r['rss_mb']:,.0f}",
            f"{r['written']:,}", f"{r['written_mb']:,.1f}"]


def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"


def main():
    tsv, out = sys.argv[1], sys.argv[2]
    context = dict(line.split("=", 1) for line in sys.stdin.read().splitlines() if "=" in line)
    runs = read_runs(tsv)
    n = int(context["size"])

    lines = [
        f"# Benchmark: {n:,} articles" + (
            ", Hugo without related stories" if context["hugo_related"] == "0" else ""),
        "",
        f"- newsgen: {context['newsgen']}",
        f"- Hugo: {context['hugo']}",
        f"- machine: {context['machine']}; sites built in `{context['run_dir']}`",
        f"- input: {context['input_wire']} wire text and {context['input_md']} Markdown "
        f"articles from `examples/gen_corpus.rs`, built with `--now {context['now']}`",
        f"- measured {context['date']} with `{context['command']}`; each figure is the "
        f"fastest of {context['repeat']} runs (by wall time)",
        "- Hugo's article pages " + (
            "list 5 related stories (`.Related`), like newsgen's"
            if context["hugo_related"] != "0" else
            "have **no related stories** (`HUGO_RELATED=0`: Hugo's `.Related` does not "
            "finish 100,000 articles in 15 minutes); newsgen's list 5, so Hugo does less work"),
        "",
        "Wall and CPU (user + system) in seconds, peak memory (max RSS) in MB; files and "
        "MB *written* by the build (new or rewritten files; newsgen reuses unchanged "
        "files from the previous output with hard links, Hugo rewrites every file). "
        "Ratios are newsgen / Hugo: below 1 means newsgen uses less.",
        "",
        "| scenario | newsgen wall | CPU | RSS | files | MB | Hugo wall | CPU | RSS | files | MB "
        "| wall ratio | CPU ratio | RSS ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label in SCENARIOS:
        a, b = fastest(runs, "newsgen", key), fastest(runs, "hugo", key)
        if not a or not b:
            continue
        if a["outcome"] == "ok" and b["outcome"] == "ok":
            ratios = [ratio(a["wall"], b["wall"]), ratio(a["cpu"], b["cpu"]),
                      ratio(a["rss_mb"], b["rss_mb"])]
        elif a["outcome"] == "ok" and b["outcome"] == "timeout":
            ratios = [f"< {ratio(a['wall'], b['wall'])}", f"< {ratio(a['cpu'], b['cpu'])}",
                      f"≤ {ratio(a['rss_mb'], b['rss_mb'])}"]
        else:
            ratios = ["–", "–", "–"]
        lines.append("| " + " | ".join([label] + figures(a) + figures(b) + ratios) + " |")
    a, b = fastest(runs, "newsgen", "cold"), fastest(runs, "hugo", "cold")
    if a and b and b["outcome"] == "timeout":
        lines += [
            "",
            f"Hugo's build was stopped after {context['timeout']} s; its other builds "
            "were skipped. newsgen's cold build wrote "
            f"{a['files']:,} files, {a['mb']:,.0f} MB, {int(context['newsgen_html']):,} HTML "
            f"pages, {int(context['newsgen_tags']):,} tags.",
        ]
    elif a and b:
        lines += [
            "",
            "Output of the cold build: newsgen "
            f"{a['files']:,} files, {a['mb']:,.0f} MB, {int(context['newsgen_html']):,} HTML "
            f"pages, {int(context['newsgen_tags']):,} tags; Hugo {b['files']:,} files, "
            f"{b['mb']:,.0f} MB, {int(context['hugo_html']):,} HTML pages (not counting its "
            f"`page/1/` redirects), {int(context['hugo_tags']):,} tags. newsgen also tags "
            "wire text with the names it is about (Hugo gets the hashtags only): see "
            "bench/README.md for every difference.",
        ]
    lines += [
        "",
        "<details><summary>Every run</summary>",
        "",
        "| tool | scenario | run | wall | user | sys | RSS MB | files written | MB written "
        "| files in output | MB in output | CPU busy before % | other processes' CPU s during "
        "| outcome |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- |",
    ]
    for r in runs:
        lines.append(
            f"| {r['tool']} | {r['scenario']} | {r['run']} | {r['wall']:.2f} | {r['user']:.2f} "
            f"| {r['sys']:.2f} | {r['rss_mb']:,.0f} | {r['written']:,} | {r['written_mb']:,.1f} "
            f"| {r['files']:,} | {r['mb']:,.1f} | {r['busy']} | {r['others']} | {r['outcome']} |"
        )
    lines += ["", "</details>", ""]
    text = "\n".join(lines)
    with open(out, "w", encoding="utf-8") as md:
        md.write(text)
    print(text)


if __name__ == "__main__":
    main()
