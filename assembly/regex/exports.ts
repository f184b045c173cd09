// Host exports of the regex engine (issue 3). Filled in by the regex work.
