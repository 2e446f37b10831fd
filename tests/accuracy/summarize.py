#!/usr/bin/env python3
"""summarize.py — the accuracy table of tests/accuracy/run.sh.

    summarize.py table MANIFEST TRUTH   # scenario runs → verdict table
    summarize.py floor MANIFEST         # LEAK_BYTES sweep → detection floor
    summarize.py mixed MANIFEST TRUTH   # NAME-mixed runs beside NAME's: slopes, wall time

MANIFEST: one line per leakcheck run, tab-separated:
    scenario  run  exit-status  report.json-path  scenario-file  [nominal-bytes]
TRUTH: `scenario<TAB>leaking endpoints, comma-separated (or -)` lines; a
scenario not listed gets its truth from its header comments (`Expected:
pass`, or `Expected: FAIL on "NAME"` ... naming the leaking endpoints).

A wrong verdict is a leak judged pass or inconclusive, or a clean endpoint
judged fail. A run that produced no report (exit 2, 125, a crash of the
harness) counts as an error. Exit status 1 when any verdict is wrong or any
run errored, else 0.
"""
import json
import os
import re
import sys
from collections import OrderedDict


def read_manifest(path):
    rows = []
    with open(path) as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if len(p) >= 5:
                rows.append({'scenario': p[0], 'run': int(p[1]), 'exit': int(p[2]),
                             'report': p[3], 'file': p[4],
                             'nominal': float(p[5]) if len(p) > 5 and p[5] else None})
    return rows


def load_report(row):
    try:
        with open(row['report']) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def truth_table(path):
    table = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            name, _, leaks = line.partition('\t')
            leaks = leaks.strip()
            table[name.strip()] = set() if leaks in ('', '-') else {e.strip() for e in leaks.split(',')}
    return table


def truth_from_comments(scenario_file):
    """The leaking endpoints named by the header's `Expected:` text, or None."""
    try:
        with open(scenario_file) as f:
            head = []
            for line in f:
                if not line.startswith(';'):
                    break
                head.append(line[1:].strip())
    except OSError:
        return None
    text = ' '.join(head)
    m = re.search(r'Expected:(.*)', text, re.I)
    if not m:
        return None
    exp = m.group(1)
    leaks = set(re.findall(r'FAIL on "([^"]+)"', exp, re.I))
    leaks |= set(re.findall(r'"([^"]+)" fails', exp))
    if leaks:
        return leaks
    if re.match(r'\s*pass\b', exp, re.I):
        return set()
    return None


def fmt_num(v):
    if v is None:
        return '-'
    if abs(v) >= 100:
        return '%.0f' % v
    return '%.1f' % v


def spread(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return '-'
    mean = sum(vals) / len(vals)
    if len(vals) == 1:
        return fmt_num(mean)
    sd = (sum((v - mean) ** 2 for v in vals) / (len(vals) - 1)) ** 0.5
    return '%s ± %s (%s..%s)' % (fmt_num(mean), fmt_num(sd), fmt_num(min(vals)), fmt_num(max(vals)))


def mean(vals):
    vals = [v for v in vals if v is not None]
    return sum(vals) / len(vals) if vals else None


def verdict_counts(verdicts):
    counts = OrderedDict()
    for v in ('fail', 'pass', 'inconclusive'):
        if verdicts.count(v):
            counts[v] = verdicts.count(v)
    for v in sorted(set(verdicts) - set(counts)):
        counts[v] = verdicts.count(v)
    return ' '.join('%s×%d' % (k, n) for k, n in counts.items())


def collect(rows):
    """(scenario, endpoint) → list of per-run dicts, in first-seen order."""
    eps = OrderedDict()
    errors = []
    for row in rows:
        rep = load_report(row)
        if rep is None or not rep.get('endpoints'):
            errors.append(row)
            eps.setdefault((row['scenario'], '(no report)'), []).append(
                {'verdict': 'error(exit %d)' % row['exit'], 'row': row})
            continue
        for ep in rep['endpoints']:
            heap = (ep.get('signals') or {}).get('heap') or {}
            eps.setdefault((row['scenario'], ep.get('name')), []).append({
                'verdict': ep.get('verdict') or 'unknown',
                'slope': heap.get('slope_per_request') if heap.get('fitted', True) else None,
                'ci_low': heap.get('ci_low'), 'ci_high': heap.get('ci_high'),
                'requests': ep.get('requests_measured'),
                'ttv': ep.get('time_to_verdict_s'),
                'row': row,
            })
    return eps, errors


def print_table(header, lines):
    widths = [max(len(str(r[i])) for r in [header] + lines) for i in range(len(header))]
    def out(r):
        print('  '.join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    out(header)
    out(['-' * w for w in widths])
    for r in lines:
        out(r)


def is_wrong(truth, verdict):
    if truth == 'leak':
        return verdict != 'fail'
    if truth == 'clean':
        return verdict == 'fail'
    return False


def cmd_table(manifest, truth_path):
    rows = read_manifest(manifest)
    table = truth_table(truth_path)
    files = {r['scenario']: r['file'] for r in rows}
    eps, errors = collect(rows)
    lines, wrong, judged, unknown = [], 0, 0, 0
    for (scen, name), runs in eps.items():
        leaks = table.get(scen)
        if leaks is None:
            leaks = truth_from_comments(files.get(scen, ''))
        if name == '(no report)':
            truth = '?'
        elif leaks is None:
            truth = '?'
        else:
            truth = 'leak' if name in leaks else 'clean'
        verdicts = [r['verdict'] for r in runs]
        n_wrong = sum(is_wrong(truth, v) for v in verdicts) if name != '(no report)' else 0
        if truth == '?' and name != '(no report)':
            unknown += len(runs)
        else:
            judged += len(runs)
        wrong += n_wrong
        lines.append([scen, name, truth, verdict_counts(verdicts),
                      spread([r.get('slope') for r in runs]),
                      fmt_num(mean([r.get('requests') for r in runs])),
                      fmt_num(mean([r.get('ttv') for r in runs])),
                      ('WRONG×%d' % n_wrong) if n_wrong else ''])
    print_table(['scenario', 'endpoint', 'truth', 'verdicts', 'heap B/req mean ± sd (min..max)',
                 'requests', 'verdict s', ''], lines)
    print()
    msg = 'wrong verdicts: %d of %d' % (wrong, judged)
    if errors:
        msg += '; runs without a report: %d' % len(errors)
    if unknown:
        msg += '; endpoint-runs with unknown truth (not counted): %d' % unknown
    print(msg)
    return 1 if wrong or errors else 0


def cmd_mixed(manifest, truth_path):
    """Each leaking endpoint's slope in the mixed runs beside its slope alone
    (goal: within ±25 %), and each scenario's mean wall time both ways."""
    rows = read_manifest(manifest)
    table = truth_table(truth_path)
    eps, _ = collect(rows)
    walls = {}
    for row in rows:
        rep = load_report(row)
        if rep:
            walls.setdefault(row['scenario'], []).append(rep.get('wall_s'))
    lines, bad = [], 0
    for scen in [s for s in walls if s.endswith('-mixed')]:
        alone = scen[:-len('-mixed')]
        for name in sorted(table.get(scen, set())):
            m = mean([r.get('slope') for r in eps.get((scen, name), [])])
            a = mean([r.get('slope') for r in eps.get((alone, name), [])])
            ratio = m / a if m is not None and a else None
            ok = ratio is not None and 0.75 <= ratio <= 1.25
            bad += not ok
            lines.append([alone, name, fmt_num(a), fmt_num(m),
                          '%+.0f %%' % (100 * (ratio - 1)) if ratio is not None else '-',
                          fmt_num(mean(walls.get(alone, []))), fmt_num(mean(walls.get(scen, []))),
                          '' if ok else 'OFF'])
    print_table(['scenario', 'leaking endpoint', 'B/req alone', 'B/req mixed', 'mixed vs alone',
                 'wall s alone', 'wall s mixed', ''], lines)
    print()
    print('mixed slopes off by more than 25 %%: %d of %d' % (bad, len(lines)))
    return 1 if bad else 0


def cmd_floor(manifest):
    rows = read_manifest(manifest)
    by = OrderedDict()
    errors = 0
    for row in rows:
        rep = load_report(row)
        ep = rep['endpoints'][0] if rep and rep.get('endpoints') else None
        if ep is None:
            errors += 1
            by.setdefault(row['nominal'], []).append({'verdict': 'error(exit %d)' % row['exit']})
            continue
        heap = (ep.get('signals') or {}).get('heap') or {}
        by.setdefault(row['nominal'], []).append({
            'verdict': ep.get('verdict'), 'slope': heap.get('slope_per_request'),
            'requests': ep.get('requests_measured'), 'ttv': ep.get('time_to_verdict_s')})
    base = mean([r.get('slope') for r in by.get(0.0, [])])
    lines = []
    caught_always = {}
    for nominal, runs in sorted(by.items()):
        verdicts = [r['verdict'] for r in runs]
        slope = mean([r.get('slope') for r in runs])
        caught_always[nominal] = all(v == 'fail' for v in verdicts)
        lines.append(['%g' % nominal, verdict_counts(verdicts),
                      spread([r.get('slope') for r in runs]),
                      fmt_num(slope - base) if (base is not None and slope is not None and nominal) else '-',
                      fmt_num(mean([r.get('requests') for r in runs])),
                      fmt_num(mean([r.get('ttv') for r in runs])),
                      ('caught %d/%d' % (verdicts.count('fail'), len(verdicts))) if nominal else
                      ('control: false alarms %d/%d' % (verdicts.count('fail'), len(verdicts)))])
    print_table(['LEAK_BYTES', 'verdicts', 'heap B/req mean ± sd (min..max)', 'minus 0 B control',
                 'requests', 'verdict s', ''], lines)
    print()
    # the floor: the smallest leak caught every time, with every larger one caught too
    floor = None
    for nominal in sorted((n for n in caught_always if n), reverse=True):
        if not caught_always[nominal]:
            break
        floor = nominal
    if floor is None:
        print('detection floor: no leak size in the sweep was caught every time')
    else:
        slope = mean([r.get('slope') for r in by[floor]])
        print('detection floor (default settings, caught in every run, and every larger size too): '
              '%g B/request nominal, measured slope %s B/request%s' % (
                  floor, fmt_num(slope),
                  (' (%s over the 0 B control)' % fmt_num(slope - base)) if base is not None else ''))
    if errors:
        print('runs without a report: %d' % errors)
    return 1 if errors else 0


def main(argv):
    if len(argv) >= 4 and argv[1] == 'table':
        return cmd_table(argv[2], argv[3])
    if len(argv) >= 3 and argv[1] == 'floor':
        return cmd_floor(argv[2])
    if len(argv) >= 4 and argv[1] == 'mixed':
        return cmd_mixed(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
