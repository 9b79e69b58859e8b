"""`python -m generator` and the `docs2sdk` script: the command line, started and ended cheaply."""

import gc


def run() -> None:
    """Runs the command line with the cycle collector kept out of start-up and exit.

    Imports allocate tens of thousands of objects, none of them garbage, which the collector
    would walk again and again; at exit it walks every object still alive once more (~8 ms of
    `openapi`'s ~80 ms on a small document). Moving what is left to the permanent generation
    skips that last walk: the process is ending, and its memory goes with it.
    """
    gc.disable()
    from generator.cli.main import main

    gc.enable()  # `openapi` and `build` turn it off again: their trees hold no cycles
    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
