# report/: the sriovstat command-line program and its renderers.
