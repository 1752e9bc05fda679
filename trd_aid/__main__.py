from trd_aid.cli import main

if __name__ == "__main__":  # not when a worker process (spawn, forkserver) imports the main module again
    main()
