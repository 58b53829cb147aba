#!/usr/bin/env python3
"""Core scoring model, numba peer (compiled per-agent loops).

Usage:  /usr/bin/python3 core_numba.py --agents N --days D --seed S [--recovery lazy|daily]
Prints one JSON line (see README.md in this folder).

Approach (the natural way to write it in numba): one @njit function holding the whole run, with
plain loops over days and, inside each day, over agents; single-threaded.

* RNG: numba's own np.random (MT19937) inside the compiled code, seeded with np.random.seed(seed)
  at the start of the compiled function (seeding from plain Python would not reach it).
  Random numbers are consumed in a fixed order: N lognormals, then for each day and each agent in
  index order one uniform (offence?), and for an offence one uniform (v < p*tpir: TRUE record,
  p*tpir <= v < p*(tpir+fpir): ERRONEOUS record, else none), and for an ERRONEOUS record one
  randint(0, N-1) shifted past the offender (a uniform other agent). The consumption does not
  depend on scores, so the two recovery modes below see the same stream and must give
  identical results (check.py tests that).
* The offence probability min(1, r*m_i) is kept as float32 (halves the bytes swept each day).
  State per agent: 4 (probability) + 2 x 2 (int16 scores or anchors) + 1 (flags byte: under
  sanction / ever / ever wrongfully) = 9 bytes; the day's record buffers are small.
* Single-threaded. About 60 % of the time is numba's MT19937 uniform (two 32-bit outputs per
  double, about 3.5 ns each here); a np.random.Generator passed into njit (supported since numba
  0.56) was slower on this machine (about 5.7 ns per draw), so np.random is the fast choice.
* Records only subtract, so the order they are applied in within a day does not matter
  (clamping the sum at 0 equals clamping after each one).

Two implementations of recovery (default: lazy, the faster):

* --recovery daily (literal): each day, a pass that recovers both scores (+1 towards 1000),
  draws offences and applies TRUE records; then the day's ERRONEOUS records (buffered, because a
  target j > i has not had today's recovery when i offends); then a sanction pass over everyone.
* --recovery lazy: scores never exceed 1000 (they start there and only fall), so the score on
  day d is min(anchor + d, 1000) with anchor = value_when_last_touched - day_last_touched (int16).
  Only agents with a record are touched. The daily pass then reads just the probability and a
  flags byte: it draws the offence and, for an agent under sanction, does the exit check of the
  previous day (its state then is final: that day's records are all applied and today's are not
  yet). Entry checks are done after the day's records, only for the agents recorded that day
  (scores only fall on a record, so nobody else can newly fall below 900). ERRONEOUS records are
  buffered to the end of the pass for the same reason as in daily mode (the target's exit check
  for yesterday may still be ahead in the pass).

Compile time is excluded from elapsedSeconds: the function is first called on a tiny run (this
compiles it for the same argument types), then the real run is timed. compileSeconds in the
output is that first call.

Different random stream from the numpy peer (PCG64 there): the two agree in distribution only.
"""
import argparse
import json
import math
import resource
import sys
import time

try:
    import numpy as np
    import numba
    from numba import njit
except ImportError as e:  # pragma: no cover - environment problem, reported plainly
    sys.stderr.write(
        "core_numba.py: {} ({}).\n"
        "Install Debian's packages: apt-get install -y python3-numpy python3-numba, "
        "and run with /usr/bin/python3.\n".format(e, sys.executable))
    sys.exit(2)

# ---- model constants (the core model; identical in core_numpy.py) ----------------------------
RATE = 0.01            # r: base daily offence probability
DETECT = 0.3           # p: probability an offence is detected
TPIR = 0.9             # detected offence recorded against the offender (TRUE record)
FPIR = 0.05            # detected offence recorded against a uniformly drawn other agent (ERRONEOUS)
BASE = 1000            # every score starts here; recovery moves towards it, 1 point a day
FLOOR = 0              # bounds are [0, 1100]; scores never rise above BASE, so only 0 binds
DROP = 50              # points lost per record
ENTER_BELOW = 900
EXIT_AT = 950
SIGMA2 = math.log(2.0)                 # lognormal with mean 1 and CV 1: sigma^2 = ln(1 + CV^2)
SIGMA = math.sqrt(SIGMA2)
MU = -SIGMA2 / 2.0
CAP = math.exp(MU + SIGMA * 2.878)     # 99.8th percentile; multipliers above it are set to it

UNDER = 1              # flag bits
EVER = 2
WRONGFUL = 4


@njit(nogil=True)
def _draw_prob(n, rate):
    prob = np.empty(n, dtype=np.float32)
    for i in range(n):
        m = min(np.random.lognormal(MU, SIGMA), CAP)
        prob[i] = min(1.0, rate * m)
    return prob


# Event buffers are grown only between blocks of CHUNK agents, never inside the inner loop: a
# block adds at most CHUNK entries, so reserving CHUNK free slots before each block is enough.
# (Reassigning an array inside the hot loop costs ~40 % here: numba/LLVM then reloads it and
# keeps reference counts on every iteration.)
CHUNK = 4096


@njit(nogil=True)
def _reserve(buf, k, extra):
    """A buffer holding buf[:k] with room for `extra` more entries (buf itself when it has)."""
    if k + extra > buf.size:
        bigger = np.empty(max(2 * buf.size, k + extra), dtype=buf.dtype)
        bigger[:k] = buf[:k]
        return bigger
    return buf


@njit(nogil=True)
def _enter(f, rec_now, true_now):
    """Flags after the entry check of an agent not under sanction."""
    if rec_now < ENTER_BELOW:
        f |= UNDER | EVER
        if true_now >= ENTER_BELOW:
            f |= WRONGFUL
    return f


@njit(nogil=True)
def simulate_daily(n, days, seed, rate, p_true, p_any):
    """Literal version: recovery applied to every agent every day. Returns (offences, TRUE
    records, ERRONEOUS records, ever sanctioned, ever wrongfully sanctioned, sum of final
    recorded scores, sanction entries, agents under sanction at the end)."""
    np.random.seed(seed)
    prob = _draw_prob(n, rate)
    rec = np.full(n, BASE, dtype=np.int16)
    tru = np.full(n, BASE, dtype=np.int16)
    flags = np.zeros(n, dtype=np.uint8)
    err = np.empty(max(2 * CHUNK, n // 256), dtype=np.int64)
    offences = 0
    true_records = 0
    erroneous_records = 0
    entries = 0

    for d in range(1, days + 1):
        n_err = 0
        for start in range(0, n, CHUNK):
            err = _reserve(err, n_err, CHUNK)
            for i in range(start, min(start + CHUNK, n)):
                # recovery (the true score is never below the recorded one, so rec == BASE
                # implies tru == BASE and both can be skipped)
                if rec[i] < BASE:
                    rec[i] += 1
                    if tru[i] < BASE:
                        tru[i] += 1
                if np.random.random() < prob[i]:
                    offences += 1
                    v = np.random.random()
                    if v < p_true:
                        true_records += 1
                        rec[i] = max(rec[i] - DROP, FLOOR)
                        tru[i] = max(tru[i] - DROP, FLOOR)
                    elif v < p_any:
                        erroneous_records += 1
                        j = np.random.randint(0, n - 1)
                        if j >= i:
                            j += 1
                        err[n_err] = j
                        n_err += 1
        for k in range(n_err):
            j = err[k]
            rec[j] = max(rec[j] - DROP, FLOOR)
        for i in range(n):
            f = flags[i]
            if f & UNDER:
                if rec[i] >= EXIT_AT:
                    flags[i] = f & ~UNDER
            else:
                f = _enter(f, rec[i], tru[i])
                entries += f & UNDER
                flags[i] = f

    ever = 0
    wrongful = 0
    score_sum = 0
    under = 0
    for i in range(n):
        ever += (flags[i] & EVER) != 0
        wrongful += (flags[i] & WRONGFUL) != 0
        under += (flags[i] & UNDER) != 0
        score_sum += rec[i]
    return offences, true_records, erroneous_records, ever, wrongful, score_sum, entries, under


@njit(nogil=True)
def _hit(anchor, i, d, drop):
    """Apply `drop` points to a lazily recovered score on day d; returns the new value."""
    now = max(min(anchor[i] + d, BASE) - drop, FLOOR)
    anchor[i] = now - d
    return now


@njit(nogil=True)
def simulate_lazy(n, days, seed, rate, p_true, p_any):
    """Lazy recovery (see the module docstring). Same return value and same random stream as
    simulate_daily."""
    np.random.seed(seed)
    prob = _draw_prob(n, rate)
    # anchors: score on day d = min(anchor + d, BASE); they lie in [-days, BASE], so int16 holds
    # them for days <= 30000 (checked by the CLI)
    rec = np.full(n, BASE, dtype=np.int16)
    tru = np.full(n, BASE, dtype=np.int16)
    flags = np.zeros(n, dtype=np.uint8)
    err = np.empty(max(2 * CHUNK, n // 256), dtype=np.int64)
    touched = np.empty(max(2 * CHUNK, n // 64), dtype=np.int64)
    offences = 0
    true_records = 0
    erroneous_records = 0
    entries = 0

    for d in range(1, days + 1):
        n_err = 0
        n_touched = 0
        for start in range(0, n, CHUNK):
            err = _reserve(err, n_err, CHUNK)
            touched = _reserve(touched, n_touched, CHUNK)
            for i in range(start, min(start + CHUNK, n)):
                f = flags[i]
                # exit check of day d-1 (agent i's state is still as at the end of day d-1)
                if f & UNDER and min(rec[i] + d - 1, BASE) >= EXIT_AT:
                    flags[i] = f & ~UNDER
                if np.random.random() < prob[i]:
                    offences += 1
                    v = np.random.random()
                    if v < p_true:
                        true_records += 1
                        _hit(rec, i, d, DROP)
                        _hit(tru, i, d, DROP)
                        touched[n_touched] = i
                        n_touched += 1
                    elif v < p_any:
                        erroneous_records += 1
                        j = np.random.randint(0, n - 1)
                        if j >= i:
                            j += 1
                        err[n_err] = j
                        n_err += 1
        touched = _reserve(touched, n_touched, n_err)
        for k in range(n_err):
            j = err[k]
            _hit(rec, j, d, DROP)
            touched[n_touched] = j
            n_touched += 1
        # entry checks, only for agents recorded today (a repeat sees UNDER and does nothing)
        for k in range(n_touched):
            j = touched[k]
            f = flags[j]
            if not f & UNDER:
                f = _enter(f, min(rec[j] + d, BASE), min(tru[j] + d, BASE))
                entries += f & UNDER
                flags[j] = f

    ever = 0
    wrongful = 0
    score_sum = 0
    under = 0
    for i in range(n):
        f = flags[i]
        if f & UNDER and min(rec[i] + days, BASE) >= EXIT_AT:    # the last day's exit check
            f = f & ~UNDER
        ever += (f & EVER) != 0
        wrongful += (f & WRONGFUL) != 0
        under += (f & UNDER) != 0
        score_sum += min(rec[i] + days, BASE)
    return offences, true_records, erroneous_records, ever, wrongful, score_sum, entries, under


def simulate(n, days, seed, recovery="lazy", rate=RATE, detect=DETECT, tpir=TPIR, fpir=FPIR):
    """Run the compiled kernel; returns (the six metrics, diagnostics) as dicts (diagnostics:
    sanction entries counting re-entries and agents under sanction at the end, used by check.py
    to test exits). The rate/detection keywords exist only so check.py can stress the
    bookkeeping; the CLI uses the core model's values."""
    kernel = simulate_lazy if recovery == "lazy" else simulate_daily
    out = kernel(n, days, seed, float(rate), float(detect * tpir), float(detect * (tpir + fpir)))
    return metrics_of(n, out)


def metrics_of(n, out):
    offences, true_records, erroneous_records, ever, wrongful, score_sum, entries, under = out
    metrics = {
        "eventsPerAgent": offences / n,
        "recordedEventsPerAgent": (true_records + erroneous_records) / n,
        "erroneousRecordsPerAgent": erroneous_records / n,
        "sanctionRate": ever / n,
        "wrongfulSanctionRate": wrongful / n,
        "meanScore": score_sum / n,
    }
    diagnostics = {
        "sanctionEntriesPerAgent": entries / n,
        "underSanctionAtEndRate": under / n,
    }
    return metrics, diagnostics


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--agents", type=int, required=True)
    ap.add_argument("--days", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--recovery", choices=("lazy", "daily"), default="lazy")
    a = ap.parse_args(argv)
    if a.agents < 2 or a.days < 1 or not 0 <= a.seed < 2**32:
        ap.error("need --agents >= 2, --days >= 1, 0 <= --seed < 2**32")
    if a.days > 30000:
        ap.error("--days must be <= 30000 (scores and anchors are int16)")

    # Warm-up on a tiny run: this call compiles (same argument types as the real one).
    t0 = time.perf_counter()
    simulate(100, 2, a.seed, a.recovery)
    compile_seconds = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    metrics, diagnostics = simulate(a.agents, a.days, a.seed, a.recovery)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({
        "peer": "numba",
        "agents": a.agents,
        "days": a.days,
        "seed": a.seed,
        "elapsedSeconds": elapsed,
        "cpuSeconds": cpu,
        "compileSeconds": compile_seconds,
        "recovery": a.recovery,
        "metrics": metrics,
        "diagnostics": diagnostics,
        "version": numba.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
