"""Generate the benchmark repository of bench/skill-lint.sh: DIR/skills/skill-NNN/ with a
SKILL.md (60 body lines with links), references/guide.md and scripts/run.py each.

Usage: python3 bench/skill-lint-gen.py DIR [COUNT]   (COUNT defaults to 150)
"""

import pathlib
import sys


def main() -> None:
    root = pathlib.Path(sys.argv[1]) / "skills"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    for i in range(count):
        name = f"skill-{i:03d}"
        d = root / name
        (d / "references").mkdir(parents=True, exist_ok=True)
        (d / "scripts").mkdir(exist_ok=True)
        body = "\n".join(
            f"Step {n}: see [the guide](references/guide.md) and run `scripts/run.py`."
            for n in range(60)
        )
        (d / "SKILL.md").write_text(
            f"---\nname: {name}\ndescription: Does task {i} for the team. Use when the user asks for task {i}.\n"
            f'license: Apache-2.0\nmetadata:\n  author: example-org\n  version: "1.0"\n---\n# {name}\n\n{body}\n'
        )
        (d / "references" / "guide.md").write_text("# Guide\n\nRun [it](../scripts/run.py).\n")
        (d / "scripts" / "run.py").write_text("print('ok')\n")


if __name__ == "__main__":
    main()
