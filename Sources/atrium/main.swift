import AtriumCLI

AtriumCommand.runFromCommandLine()
