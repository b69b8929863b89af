import sys

from aze_site.cli import main

sys.exit(main())
