#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# verbs_lat over softverbs with the PF profile (tests/softverbs/combos.sh).
SV_WANT=pf
. "${abs_top_srcdir:-.}/tests/softverbs/combos.sh"
