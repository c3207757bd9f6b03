#!/usr/bin/env bash
# Rebuild static/vendor/govuk-frontend from frontend/ (GOV.UK Frontend with Breachdesk's colours
# and type). Only a maintainer upgrading GOV.UK Frontend runs this: the built files are committed,
# so installing or running Breachdesk needs no Node.js or npm.
set -euo pipefail
cd "$(dirname "$0")/.."
out=static/vendor/govuk-frontend
cd frontend
npm ci --no-audit --no-fund
version=$(node -p 'require("govuk-frontend/package.json").version')
cd ..
mkdir -p "$out"
frontend/node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map \
  frontend/breachdesk.scss "$out/govuk-frontend.min.css"
# Without its source map: the hashing static storage would look for the .map file.
sed 's|//# sourceMappingURL=.*$||' frontend/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js \
  > "$out/govuk-frontend.min.js"
echo "$version" > "$out/VERSION"
cat > "$out/LICENSE" <<LICENSE
GOV.UK Frontend $version, built by scripts/build_frontend.sh from frontend/breachdesk.scss
(Breachdesk's colours and system fonts; the GOV.UK typeface, crown and header are not included).

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENSE
echo "Built GOV.UK Frontend $version into $out"
