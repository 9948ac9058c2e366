# doc/: man pages and the file-format description.
