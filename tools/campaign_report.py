# SPDX-License-Identifier: GPL-2.0-only
"""
The morning report of tools/campaign: report.md and a self-contained
report.html (inline SVG plots, no network). Both are rewritten at every end
of a session: they are derived files, the artifacts and corpus are the data.
"""
import html
import json
import os
import time

import campaign_lib as cl


def plural(n, word):
    """'1 artifact', '2 artifacts'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def read_stats(path):
    rows = []
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("#"):
                    continue
                r = line.split()
                if len(r) >= 8:
                    rows.append([float(x) for x in r[:8]])
    except FileNotFoundError:
        pass
    return rows


def svg_plot(rows, col, title, w=520, h=150):
    """One line plot of stats column @col against campaign seconds."""
    pts = [(r[1], r[col]) for r in rows]
    if len(pts) < 2:
        return f"<p>{html.escape(title)}: not enough samples yet.</p>"
    x0, x1 = pts[0][0], max(pts[-1][0], pts[0][0] + 1)
    y1 = max(p[1] for p in pts) or 1
    ml, mb = 48, 20
    poly = " ".join(f"{ml + (x - x0) / (x1 - x0) * (w - ml - 8):.1f},"
                    f"{h - mb - y / y1 * (h - mb - 18):.1f}" for x, y in pts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'style="border:1px solid #ccc;margin:4px">'
            f'<text x="{ml}" y="13" font-size="12">{html.escape(title)}</text>'
            f'<text x="2" y="22" font-size="10">{y1:.0f}</text>'
            f'<text x="2" y="{h - mb}" font-size="10">0</text>'
            f'<text x="{ml}" y="{h - 5}" font-size="10">{x0 / 60:.0f} min</text>'
            f'<text x="{w - 60}" y="{h - 5}" font-size="10">{x1 / 60:.0f} min</text>'
            f'<line x1="{ml}" y1="{h - mb}" x2="{w - 8}" y2="{h - mb}" stroke="#999"/>'
            f'<polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="{poly}"/></svg>')


def buckets(c):
    """[(signature, rows, triage info or None, known match)] most frequent
    first: every signature of an artifact, and every one the fuzzers looked
    past (which may have no artifact of its own)."""
    out = []
    sigs = c.signatures()
    past = c.looked_past()
    for sig in past:
        sigs.setdefault(sig, [])
    for sig, rows in sorted(sigs.items(), key=lambda kv: (-len(kv[1]), -past.get(kv[0], 0), kv[0])):
        info = None
        try:
            with open(os.path.join(c.paths["triage"], cl.bucket_name(sig), "bucket.json")) as f:
                info = json.load(f)
        except (OSError, ValueError):
            pass
        out.append((sig, rows, info, cl.match_known(sig, c.known)))
    return out


def replay_line(c, sig, rows, info):
    if info:
        return info["replay"]
    if not rows:
        return ""
    art = os.path.relpath(os.path.join(c.paths["artifacts"], rows[0][0]), cl.ROOT)
    return " ".join(cl.replay_cmd("build/tools/tmigr-replay", art, rows[0][1], c.a.variant, c.a.backend))


def entry(c, sig, rows, info):
    rel = lambda p: os.path.relpath(p, c.d)  # noqa: E731
    kinds = sorted({r[2] for r in rows})
    first = min(int(r[4]) for r in rows) if rows else None
    past = c.looked_past().get(sig, 0)
    d = {"sig": sig, "count": len(rows), "kinds": ",".join(kinds) or "none",
         "targets": ",".join(sorted({r[1] for r in rows})) or "-",
         "first": time.strftime("%H:%M:%S", time.gmtime(first)) if rows else "-",
         "past": f"looked past in {past} executions" if past else "",
         "replay": replay_line(c, sig, rows, info)}
    if not rows:
        d["repro"] = ("no input of its own: the runs that hit it hit another signature first, "
                      "whose inputs are kept")
        d["det"] = "-"
        d["dir"] = ""
    elif info:
        d["repro"] = f"{rel(info['repro'])} ({info['repro_size']} B, {info['minimised']})"
        d["det"] = f"{info['determinism']} ({info['determinism_detail']})"
        d["dir"] = rel(os.path.dirname(info["repro"]))
    else:
        d["repro"] = f"artifacts/{rows[0][0]} (not triaged yet)"
        d["det"] = "not checked yet"
        d["dir"] = ""
    return d


def write(c, partial):
    a, st = c.a, c.state
    rows = read_stats(c.stats_path)
    bs = buckets(c)
    new = [(s, r, i, k) for s, r, i, k in bs if not k]
    known = [(s, r, i, k) for s, r, i, k in bs if k]
    label = "New reports (not a documented finding or known issue)" if a.variant == "fixed" \
        else f"Reports on variant {a.variant}"
    elapsed = sum(s["elapsed"] for s in st["sessions"])
    last = rows[-1] if rows else [0] * 8
    past = c.looked_past()
    ignore = st["sessions"][-1].get("ignore", "") if st["sessions"] else ""
    head = [f"Campaign **{st['name']}**: variant `{a.variant}`"
            + (f", backend `{a.backend}`" if a.backend else "")
            + f", targets {', '.join(a.targets)}, {a.jobs} jobs.",
            f"Fuzzed {elapsed / 3600:.2f} h in {len(st['sessions'])} session(s); "
            f"corpus {c.corpus_size()} inputs, coverage {int(last[3])} (features {int(last[4])}), "
            f"{plural(len(c.index), 'artifact')}, {plural(len(bs), 'unique signature')} "
            f"({len(new)} {'new' if a.variant == 'fixed' else 'not known'}, {len(known)} known).",
            (f"The fuzzers looked past what TMIGR_IGNORE_SIGNATURES={ignore} selects and the "
             f"known issues (which never crash a target): {sum(past.values())} executions, "
             f"{plural(len(past), 'signature')}, listed below with their counts."
             if ignore else
             f"The fuzzers stopped at every report but the known issues (--no-ignore-known), "
             f"which they looked past in {sum(past.values())} executions."),
            f"Written {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."]
    if partial:
        head.insert(0, "**PARTIAL REPORT: the campaign was interrupted; run the same command to resume.**")

    md = ["# Campaign report: " + st["name"], ""] + [h + "  " for h in head] + [""]
    md += ["| session started | seconds | done |", "|---|---|---|"]
    md += [f"| {s['started']} | {int(s['elapsed'])} / {s['seconds']} | {'yes' if s.get('done') else 'no'} |"
           for s in st["sessions"]]

    def md_section(title, items, with_known):
        out = ["", f"## {title} ({len(items)})", ""]
        if not items:
            return out + ["None."]
        for s, r, i, k in items:
            e = entry(c, s, r, i)
            out += [f"### `{s}`", "",
                    f"- {plural(e['count'], 'artifact')} ({e['kinds']}; {e['targets']}), first after {e['first']}"
                    + (f"; {e['past']}" if e["past"] else "") if r else f"- {e['past']}"]
            if with_known:
                out.append(f"- {k[0]}: `{k[2]}` ({k[1]})")
            out += [f"- reproducer: {e['repro']}"] + ([f"- reproduction: {e['det']}"] if r else [])
            if e["dir"]:
                out.append(f"- story, drawings, timeline, regression file: {e['dir']}/")
            out += (["", "```sh", e["replay"], "```", ""] if e["replay"] else [""])
        return out
    md += md_section(label, new, False)
    md += md_section("Documented findings and known issues", known, True)
    md += ["", "Plots of exec/s, coverage and corpus over time: report.html "
           "(data in stats.tsv)."]

    css = ("body{font-family:sans-serif;max-width:70em;margin:1em auto;}"
           "code,pre{background:#f4f4f4;} .new{color:#b71c1c;} td,th{border:1px solid #ccc;padding:2px 6px}"
           "table{border-collapse:collapse}")
    h = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Campaign {html.escape(st['name'])}"
         f"</title><style>{css}</style></head><body><h1>Campaign report: {html.escape(st['name'])}</h1>"]
    h += [f"<p>{html.escape(x).replace('**', '')}</p>" for x in head]
    h += ["<div>", svg_plot(rows, 2, "exec/s"), svg_plot(rows, 3, "coverage (cov)"),
          svg_plot(rows, 5, "corpus (inputs)"), svg_plot(rows, 7, "unique signatures"), "</div>"]

    def html_section(title, items, with_known, cls):
        out = [f"<h2 class='{cls}'>{html.escape(title)} ({len(items)})</h2>"]
        if not items:
            return out + ["<p>None.</p>"]
        out.append("<table><tr><th>signature</th><th>artifacts</th><th>first</th>"
                   + ("<th>known as</th>" if with_known else "")
                   + "<th>reproducer</th><th>reproduction</th><th>replay</th></tr>")
        for s, r, i, k in items:
            e = entry(c, s, r, i)
            out.append(f"<tr><td><code>{html.escape(s)}</code></td><td>{e['count']} ({e['kinds']})"
                       + (f"; {html.escape(e['past'])}" if e["past"] else "") + "</td>"
                       f"<td>{e['first']}</td>"
                       + (f"<td>{html.escape(k[0])}: {html.escape(k[1])}</td>" if with_known else "")
                       + f"<td>{html.escape(e['repro'])}</td><td>{html.escape(e['det'])}</td>"
                       f"<td><code>{html.escape(e['replay'])}</code></td></tr>")
        return out + ["</table>"]
    h += html_section(label, new, False, "new" if a.variant == "fixed" else "")
    h += html_section("Documented findings and known issues", known, True, "")
    h += ["</body></html>"]

    mdp, hp = os.path.join(c.d, "report.md"), os.path.join(c.d, "report.html")
    for p, text in ((mdp, "\n".join(md) + "\n"), (hp, "\n".join(h) + "\n")):
        with open(p + ".tmp", "w") as f:
            f.write(text)
        os.replace(p + ".tmp", p)
    return mdp, hp
