from trd_aid.cli import main

main()
