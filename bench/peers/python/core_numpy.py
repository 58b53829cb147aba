#!/usr/bin/env python3
"""Core scoring model, vectorised numpy peer.

Usage:  /usr/bin/python3 core_numpy.py --agents N --days D --seed S
Prints one JSON line (see README.md in this folder).

Approach (the way a competent numpy user writes it):

* One Python loop over days; inside a day every step is a whole-array numpy operation.
  There is no Python loop over agents.
* Offences: one float32 uniform per agent per day, compared against the agent's daily probability
  min(1, r*m_i) (stored once as float32). This full-length draw is the main cost of the run.
  float32 halves the memory traffic and the cost of the draw and the compare. numpy's float32
  uniforms are multiples of 2**-24, so each daily probability is in effect rounded up to the
  next multiple: an absolute error below 6e-8 against a mean of 0.01 (under 1e-5 relative on
  eventsPerAgent), far below sampling error.
* Detection and identification: one float64 uniform per offence (only the offenders, a few per
  thousand agents a day): v < p*tpir -> TRUE record, p*tpir <= v < p*(tpir+fpir) -> ERRONEOUS
  record, otherwise none. This is exactly P(detected) * P(outcome | detected).
* Misattribution: integers(0, N-1) then shift by one if >= the offender, i.e. uniform over the
  other N-1 agents, vectorised.
* Scores use lazy recovery through an "anchor": recovery is +1 a day capped at the base 1000, and
  no score can exceed the base (they start there and only records change them, downwards), so the
  score on day d is min(anchor + d, 1000) with anchor = score_when_last_touched - day_last_touched.
  Only agents with a record today are touched (materialise, subtract, re-anchor), so there is no
  per-day full pass for recovery; this gives exactly the same numbers as applying recovery every
  day. One int16 per score (no separate "last day" column).
* Records against the same agent on one day are merged with np.unique(return_counts=True); since
  records only subtract, clamping the sum at 0 equals clamping after each record. TRUE records are
  at most one per agent per day (an agent offends at most once a day), so the true score needs
  no merging.
* Sanctions: scores only fall on a record, so only agents recorded today can newly fall below 900
  (entry candidates = today's unique targets). Agents under sanction are kept as a sparse index
  array; each day their current recorded score is materialised and those at >= 950 exit.
  Ever-sanctioned and ever-wrongfully-sanctioned are boolean columns.
* Memory: 4 (probability) + 2 x 2 (scores) + 3 (flags) bytes of state per agent, plus the day's
  float32 draw and boolean mask (5 bytes per agent, reused across days); the float64
  lognormal draw at set-up is the largest temporary.

RNG: numpy.random.default_rng(seed) (PCG64). Results are reproducible for a given seed and numpy
version, but are NOT the same random stream as the numba peer (that uses np.random's MT19937); the
two agree only in distribution (see check.py).
"""
import argparse
import json
import math
import resource
import sys
import time

try:
    import numpy as np
except ImportError as e:  # pragma: no cover - environment problem, reported plainly
    sys.stderr.write(
        "core_numpy.py: {} ({}).\n"
        "Install Debian's package: apt-get install -y python3-numpy, and run with /usr/bin/python3.\n"
        .format(e, sys.executable))
    sys.exit(2)

# ---- model constants (the core model; identical in core_numba.py) ----------------------------
RATE = 0.01            # r: base daily offence probability
DETECT = 0.3           # p: probability an offence is detected
TPIR = 0.9             # detected offence recorded against the offender (TRUE record)
FPIR = 0.05            # detected offence recorded against a uniformly drawn other agent (ERRONEOUS)
BASE = 1000            # every score starts here; recovery moves towards it, 1 point a day
FLOOR = 0              # score bounds are [0, 1100]; scores never rise above BASE, so only 0 binds
DROP = 50              # points lost per record
ENTER_BELOW = 900      # not under sanction and recorded < 900 after the day's records -> enter
EXIT_AT = 950          # under sanction and recorded >= 950 -> exit
SIGMA2 = math.log(2.0)                 # lognormal with mean 1 and CV 1: sigma^2 = ln(1 + CV^2)
SIGMA = math.sqrt(SIGMA2)
MU = -SIGMA2 / 2.0
CAP = math.exp(MU + SIGMA * 2.878)     # 99.8th percentile; multipliers above it are set to it


def simulate(n, days, seed, rate=RATE, detect=DETECT, tpir=TPIR, fpir=FPIR):
    """Run the core model; return (the six metrics, diagnostics) as dicts. The diagnostics
    (sanction entries counting re-entries, agents under sanction at the end) are not metrics of
    the benchmark; check.py uses them to test exits. The rate/detection keywords exist
    only so check.py can stress the bookkeeping against a literal reference; the CLI uses the
    core model's values."""
    rng = np.random.default_rng(seed)
    p_true = detect * tpir
    p_any = detect * (tpir + fpir)

    # Propensity multipliers, capped (not renormalised), turned into a daily probability.
    # (in place, so the float64 draw is the only full-size temporary)
    m = rng.lognormal(MU, SIGMA, n)
    np.minimum(m, CAP, out=m)
    m *= rate
    np.minimum(m, 1.0, out=m)
    prob = m.astype(np.float32)
    del m

    # Lazy scores: value on day d is min(anchor + d, BASE). Day 0 anchor = BASE. Anchors lie in
    # [-days, BASE] and anchor + d <= BASE + days, so int16 holds them for days <= 30000.
    rec_anchor = np.full(n, BASE, dtype=np.int16)
    true_anchor = np.full(n, BASE, dtype=np.int16)
    under = np.zeros(n, dtype=bool)        # currently under sanction
    ever = np.zeros(n, dtype=bool)         # ever entered a sanction
    wrongful = np.zeros(n, dtype=bool)     # ever entered while the true score was >= 900
    sanctioned = np.empty(0, dtype=np.int64)   # sparse list of agents under sanction

    offences = 0
    true_records = 0
    erroneous_records = 0
    entries = 0
    u = np.empty(n, dtype=np.float32)      # reused buffer for the day's offence draws
    hit = np.empty(n, dtype=bool)

    for d in range(1, days + 1):
        # (Recovery for day d is implicit in the anchors.)

        # Offences: one uniform per agent.
        rng.random(dtype=np.float32, out=u)
        np.less(u, prob, out=hit)
        off = np.flatnonzero(hit)
        offences += off.size

        # Detection and identification: one uniform per offence.
        v = rng.random(off.size)
        true_src = off[v < p_true]
        err_src = off[(v >= p_true) & (v < p_any)]
        true_records += true_src.size
        erroneous_records += err_src.size

        # ERRONEOUS targets: uniform over the other n-1 agents.
        err_tgt = rng.integers(0, n - 1, size=err_src.size)
        err_tgt += err_tgt >= err_src

        # True scores: one TRUE record at most per agent per day.
        cur = np.minimum(true_anchor[true_src] + d, BASE)
        true_anchor[true_src] = np.maximum(cur - DROP, FLOOR) - d

        # Recorded scores: merge all of today's records per target.
        tgt, cnt = np.unique(np.concatenate((true_src, err_tgt)), return_counts=True)
        cur = np.minimum(rec_anchor[tgt] + d, BASE)
        new_rec = np.maximum(cur - DROP * cnt, FLOOR)
        rec_anchor[tgt] = new_rec - d

        # Sanction exit: among those under sanction, current recorded score >= 950.
        if sanctioned.size:
            now = np.minimum(rec_anchor[sanctioned] + d, BASE)
            leaving = now >= EXIT_AT
            if leaving.any():
                under[sanctioned[leaving]] = False
                sanctioned = sanctioned[~leaving]

        # Sanction entry: only agents recorded today can have newly fallen below 900.
        entering = tgt[(new_rec < ENTER_BELOW) & ~under[tgt]]
        if entering.size:
            entries += entering.size
            true_now = np.minimum(true_anchor[entering] + d, BASE)
            under[entering] = True
            ever[entering] = True
            wrongful[entering[true_now >= ENTER_BELOW]] = True
            sanctioned = np.concatenate((sanctioned, entering))

    final_rec = np.minimum(rec_anchor + days, BASE)
    metrics = {
        "eventsPerAgent": offences / n,
        "recordedEventsPerAgent": (true_records + erroneous_records) / n,
        "erroneousRecordsPerAgent": erroneous_records / n,
        "sanctionRate": int(np.count_nonzero(ever)) / n,
        "wrongfulSanctionRate": int(np.count_nonzero(wrongful)) / n,
        "meanScore": float(final_rec.mean(dtype=np.float64)),
    }
    diagnostics = {
        "sanctionEntriesPerAgent": entries / n,
        "underSanctionAtEndRate": int(np.count_nonzero(under)) / n,
    }
    return metrics, diagnostics


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--agents", type=int, required=True)
    ap.add_argument("--days", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    a = ap.parse_args(argv)
    if a.agents < 2 or not 1 <= a.days <= 30000 or a.seed < 0:
        ap.error("need --agents >= 2, 1 <= --days <= 30000 (int16 scores), --seed >= 0")

    t0, c0 = time.perf_counter(), time.process_time()
    metrics, diagnostics = simulate(a.agents, a.days, a.seed)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({
        "peer": "numpy",
        "agents": a.agents,
        "days": a.days,
        "seed": a.seed,
        "elapsedSeconds": elapsed,
        "cpuSeconds": cpu,
        "metrics": metrics,
        "diagnostics": diagnostics,
        "version": np.__version__,
        "python": sys.version.split()[0],
        "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
