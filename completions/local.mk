# SPDX-License-Identifier: BSD-3-Clause
# completions/: bash completion of the programs, installed where
# bash-completion looks for a command's completion on its first use: one
# file named sriovstat, linked under the names of the benchmarks.

bashcompdir = $(datadir)/bash-completion/completions
BASHCOMP_LINKS = p2p_lat coll_lat verbs_lat
BASHCOMP_LINKS += p2p_bw verbs_bw
EXTRA_DIST += %reldir%/sriovstat.bash

install-data-local: install-bashcomp
uninstall-local: uninstall-bashcomp

install-bashcomp:
	$(MKDIR_P) '$(DESTDIR)$(bashcompdir)'
	$(INSTALL_DATA) '$(srcdir)/%reldir%/sriovstat.bash' '$(DESTDIR)$(bashcompdir)/sriovstat'
	for p in $(BASHCOMP_LINKS); do \
	  rm -f '$(DESTDIR)$(bashcompdir)'/$$p && \
	  $(LN_S) sriovstat '$(DESTDIR)$(bashcompdir)'/$$p || exit 1; \
	done

uninstall-bashcomp:
	for p in sriovstat $(BASHCOMP_LINKS); do rm -f '$(DESTDIR)$(bashcompdir)'/$$p; done

.PHONY: install-bashcomp uninstall-bashcomp
