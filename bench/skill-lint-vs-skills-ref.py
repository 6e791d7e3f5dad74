"""skill-lint and skills-ref (the reference validator, PyPI `skills-ref`, command
`agentskills`) side by side on the same skills: which SKILL.md files each accepts, and time.

Usage: python3 bench/skill-lint-vs-skills-ref.py SKILL_LINT AGENTSKILLS VENV_PYTHON DIR...

Each DIR is searched for SKILL.md files. "Accepts" means exit status 0 (skill-lint without
--strict: errors fail, warnings do not). Times are whole processes: one per skill for both
tools, and one for the whole set (skill-lint on every DIR; one Python process importing
skills_ref and calling validate() on every skill).
"""

import subprocess
import sys
import time
from pathlib import Path


def run(cmd: list[str]) -> tuple[bool, float]:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done.returncode == 0, time.perf_counter() - start


def main() -> None:
    skill_lint, agentskills, venv_python, *dirs = sys.argv[1:]
    skills = sorted(
        {p.parent for d in dirs for p in Path(d).rglob("SKILL.md") if ".git" not in p.parts}
    )
    rows = []
    lint_total = ref_total = 0.0
    for skill in skills:
        lint_ok, lint_t = run([skill_lint, str(skill)])
        ref_ok, ref_t = run([agentskills, "validate", str(skill)])
        lint_total += lint_t
        ref_total += ref_t
        rows.append((str(skill), lint_ok, ref_ok))

    width = max((len(r[0]) for r in rows), default=10)
    print(f"{'skill':<{width}}  skill-lint  skills-ref")
    for name, lint_ok, ref_ok in rows:
        mark = "" if lint_ok == ref_ok else "   <- disagree"
        print(f"{name:<{width}}  {'accept' if lint_ok else 'REJECT':<10}  "
              f"{'accept' if ref_ok else 'REJECT'}{mark}")
    n = len(rows)
    print(f"\n{n} skills: skill-lint accepts {sum(r[1] for r in rows)}, "
          f"skills-ref accepts {sum(r[2] for r in rows)}, they disagree on "
          f"{sum(r[1] != r[2] for r in rows)}")

    _, lint_all = run([skill_lint, *dirs])
    script = (
        "import sys; from pathlib import Path; from skills_ref import validate\n"
        "for d in sys.argv[1:]: validate(Path(d))\n"
    )
    _, ref_all = run([venv_python, "-c", script, *map(str, skills)])
    print(f"one process per skill: skill-lint {lint_total * 1000:.0f} ms, "
          f"skills-ref {ref_total * 1000:.0f} ms (total)")
    print(f"one process for all:   skill-lint {lint_all * 1000:.1f} ms, "
          f"skills-ref (python, import + validate()) {ref_all * 1000:.1f} ms")


if __name__ == "__main__":
    main()
