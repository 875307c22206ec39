"""`python -m studyguide`."""

from studyguide.cli.main import main

if __name__ == "__main__":
    main()
