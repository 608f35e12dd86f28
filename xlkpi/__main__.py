from xlkpi.cli_run import run

run()
