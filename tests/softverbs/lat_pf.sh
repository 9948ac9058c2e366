#!/bin/sh
# verbs_lat over softverbs with the PF profile (tests/softverbs/combos.sh).
SV_WANT=pf
. "${abs_top_srcdir:-.}/tests/softverbs/combos.sh"
