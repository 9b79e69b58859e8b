"""`python -m generator` and the `docs2sdk` script."""

import gc


def run() -> None:
    """Runs one command with the cycle collector off.

    A command is one short process over trees (documents, the IR, emitted text) that hold no
    cycles, so the collector's passes would free nothing; the memory goes when the process ends.
    """
    gc.disable()
    from generator.cli.main import main

    main()


if __name__ == "__main__":
    run()
