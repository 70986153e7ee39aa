# SPDX-License-Identifier: GPL-2.0-only
"""
Pieces shared by tools/campaign and tools/tmigr-triage: the fuzz targets and
their options, replaying an input to get its oracle signature, the known
signatures (documented findings and known issues), minimising a crash, and
writing files without ever overwriting one.

Signatures are `oracle:site:variant`, possibly with more `:`-separated
fields after the variant; they are parsed by position, never by count.
"""
import hashlib
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWN_DATA = os.path.join(ROOT, "corpus", "known-signatures.txt")


class UsageError(Exception):
    """Bad arguments or input: one line on stderr, exit 2."""


def die_usage(prog, msg):
    print(f"{prog}: {msg}", file=sys.stderr)
    sys.exit(2)


def targets():
    """Every fuzz target: one fuzz/<target>.options each."""
    d = os.path.join(ROOT, "fuzz")
    return sorted(f[:-len(".options")] for f in os.listdir(d) if f.endswith(".options"))


def profile_of(target):
    """The exec profile a target applies (fuzz/target.c), for tmigr-replay."""
    return "hotplug" if target.endswith("hotplug") else "plain"


def target_of_file(path, default=None):
    """Guess the target from an artifact name such as tmigr_hotplug-crash-<sha1>."""
    base = os.path.basename(path)
    for t in targets():
        if base.startswith(t + "-") or f"/{t}/" in path:
            return t
    return default


def read_options(target):
    """fuzz/<target>.options as {flag: value}; dict made absolute."""
    opts = {}
    with open(os.path.join(ROOT, "fuzz", target + ".options")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("[", "#")) or "=" not in line:
                continue
            k, v = (s.strip() for s in line.split("=", 1))
            if k == "dict":
                v = os.path.join(ROOT, "fuzz", v)
            opts[k] = v
    return opts


def libfuzzer_flags(target, override=None):
    opts = read_options(target)
    opts.update(override or {})
    return [f"-{k}={v}" for k, v in opts.items()]


def shown_path(path):
    """@path relative to the repository when inside it (replay commands are
    run from there), else absolute."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def sha1_file(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def write_new(path, data, mode=""):
    """Create @path with @data; an existing file is never overwritten."""
    with open(path, "x" + mode) as f:
        f.write(data)


def copy_new(src, dst):
    """Copy @src to @dst unless @dst exists; atomic (temporary name, link)."""
    if os.path.exists(dst):
        return False
    tmp = f"{dst}.tmp{os.getpid()}"
    with open(src, "rb") as f, open(tmp, "wb") as g:
        g.write(f.read())
        g.flush()
        os.fsync(g.fileno())
    try:
        os.link(tmp, dst)   # fails if dst appeared meanwhile: never overwrite
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)
    return True


def replay_cmd(replay, path, target, variant, backend=None, extra=()):
    cmd = [replay, "--profile", profile_of(target), "--variant", variant]
    if backend:
        cmd += ["--backend", backend]
    return cmd + list(extra) + [path]


def replay_supports(replay, option):
    try:
        out = subprocess.run([replay, "--help"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return False
    return option in out


VERDICT = re.compile(r"^verdict: (VIOLATION (\S+)|clean.*)$", re.M)
KNOWN_ONLY = "verdict: clean (known issues only)"
REPORT = re.compile(r"^!!!! REPORT (\S+)$", re.M)
OUTCOME = re.compile(r"^run (deadlock|livelock)", re.M)


def parse_signature(out, rc):
    """The signature a replay printed; None when it ran clean. A run with known
    issues only has the first of them (the story prints it; -q does not)."""
    m = None
    for m in VERDICT.finditer(out):
        pass
    if m and m.group(2):
        return m.group(2)
    r = REPORT.search(out) if KNOWN_ONLY in out else None
    if r:
        return r.group(1)
    o = OUTCOME.search(out)
    if o:
        return o.group(1)
    if rc == 1:
        return "violation:unknown"
    return None


def signature(replay, path, target, variant, backend=None, timeout=120):
    """(signature or None, exit status) of one replay; status 2 is bad input."""
    try:
        p = subprocess.run(replay_cmd(replay, path, target, variant, backend, ["-q"]),
                           capture_output=True, text=True, timeout=timeout)
        if KNOWN_ONLY in p.stdout:
            p = subprocess.run(replay_cmd(replay, path, target, variant, backend, ["--no-accesses"]),
                               capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "replay-timeout", 1
    return parse_signature(p.stdout, p.returncode), p.returncode


def sig_fields(sig):
    """(oracle, site, variant, rest) of a signature, robust to extra fields."""
    f = sig.split(":")
    f += [""] * (3 - len(f))
    return f[0], f[1], f[2], ":".join(f[3:])


def bucket_name(sig):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", sig).strip("_")[:120] or "unknown"


def tool(name):
    """A program of the build: $BUILD/tools/NAME (BUILD defaults to build)."""
    return os.path.join(ROOT, os.environ.get("BUILD", "build"), "tools", name)


def known_signatures():
    """
    Every signature we already know about: {pattern: (kind, note)}.
    - core/check/known.c, as `tmigr-search --list-known` prints it: the known
      issues (reported, never fail a run) and the findings documented in
      docs/findings.md (what --ignore-known and TMIGR_IGNORE_SIGNATURES=known
      look past);
    - corpus/known-signatures.txt: `signature<TAB>kind<TAB>note` lines, for
      anything else worth expecting.
    Raises UsageError when tmigr-search is missing or fails.
    """
    search = tool("tmigr-search")
    try:
        p = subprocess.run([search, "--list-known"], capture_output=True, text=True, timeout=60)
    except OSError as e:
        raise UsageError(f"{search}: {e.strerror}; run 'make' first") from None
    if p.returncode != 0:
        raise UsageError(f"{search} --list-known exited {p.returncode}")
    known = {}
    for line in p.stdout.splitlines():
        pattern, _, note = line.partition("\t")
        if pattern:
            kind = "known issue" if note.startswith("known issue") else "documented finding"
            detail = note[len(kind):].strip() if note.startswith(kind) else note
            if detail.startswith("(") and detail.endswith(")"):
                detail = detail[1:-1]
            known[pattern] = (kind, "core/check/known.c" + (f"; {detail}" if detail else ""))
    try:
        with open(KNOWN_DATA) as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                known.setdefault(parts[0], (parts[1] if len(parts) > 1 else "known",
                                            parts[2] if len(parts) > 2 else KNOWN_DATA))
    except OSError:
        pass
    return known


def signature_match(pattern, sig):
    """Does @pattern select @sig? The rule of core/check/signature.c: a prefix
    that ends at a ':' or '/' boundary of @sig (or ends with one itself)."""
    if not pattern or not sig.startswith(pattern):
        return False
    return len(sig) == len(pattern) or sig[len(pattern)] in ":/" or pattern[-1] in ":/"


def match_known(sig, known):
    """(kind, note, pattern) when a known pattern selects @sig, else None."""
    if not sig:
        return None
    for key, (kind, note) in known.items():
        if signature_match(key, sig):
            return kind, note, key
    return None


def minimize(fuzzer, crash, out, target, env, seconds, keep):
    """
    Minimise @crash into @out (must not exist) with libFuzzer's crash
    minimisation, one step at a time (-minimize_crash_internal_step=1: a
    smaller input that crashes), keeping a step only when keep(path) says it
    still is the same bug: libFuzzer itself takes any crash. Returns True
    when @out was written (the input did get smaller).
    """
    if os.path.exists(out):
        return False
    flags = [f for f in libfuzzer_flags(target) if not f.startswith(("-dict=", "-rss_limit", "-timeout"))]
    cur, deadline, misses = crash, time.time() + seconds, 0
    step = out + ".step"
    while misses < 3 and time.time() < deadline - 1:
        left = max(1, int(deadline - time.time()))
        cmd = [fuzzer, "-minimize_crash_internal_step=1", f"-max_total_time={left}",
               "-runs=1000000", "-timeout=10", f"-exact_artifact_path={step}"] + flags + [cur]
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env, timeout=left + 30)
        except subprocess.TimeoutExpired:
            pass
        if (os.path.exists(step) and os.path.getsize(step) < os.path.getsize(cur)
                and keep(step)):
            os.replace(step, out)
            cur, misses = out, 0
        else:
            misses += 1
        if os.path.exists(step):
            os.unlink(step)
    return cur == out


# What the fuzz targets look past, and where they keep it (fuzz/ignored.c):
# never inherited, only set by who means it (tools/campaign).
IGNORE_ENV = ("TMIGR_IGNORE_SIGNATURES", "TMIGR_IGNORED_DIR")


def fuzz_env(variant, backend=None):
    """The environment of a fuzz target: the variant, the backend, and no
    inherited TMIGR_IGNORE_SIGNATURES (minimising a documented finding needs
    the target to crash on it)."""
    env = {k: v for k, v in os.environ.items() if k not in IGNORE_ENV}
    env["TMIGR_VARIANT"] = variant
    if backend:
        env["TMIGR_BACKEND"] = backend
    return env


def check_variant(variant):
    stress = os.path.join(ROOT, "build", "stress", "tmigr-stress")
    if not os.access(stress, os.X_OK):
        return True
    out = subprocess.run([stress, "--list-variants"], capture_output=True, text=True).stdout
    return any(line.split()[:1] == [variant] for line in out.splitlines())
