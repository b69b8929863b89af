from aze_site.cli import run

run()
