#!/usr/bin/env bash
# Copies the front-end files the portal serves from the installed npm packages into
# public/vendor/ (only those files: the rest of node_modules is never served).
set -euo pipefail
cd "$(dirname "$0")/.."
out=public/vendor
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
dsfr=node_modules/@gouvfr/dsfr/dist
mkdir -p "$out.tmp/dsfr/utility"
cp "$dsfr"/dsfr.min.css "$dsfr"/dsfr.module.min.js "$dsfr"/dsfr.nomodule.min.js "$out.tmp/dsfr/"
cp -r "$dsfr"/fonts "$dsfr"/icons "$dsfr"/favicon "$out.tmp/dsfr/"
cp "$dsfr"/utility/utility.min.css "$out.tmp/dsfr/utility/"
[ -d "$dsfr/utility/icons" ] && cp -r "$dsfr/utility/icons" "$out.tmp/dsfr/utility/"
mkdir -p "$out.tmp/leaflet" "$out.tmp/world-atlas" "$out.tmp/topojson-client"
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
      node_modules/leaflet/dist/images "$out.tmp/leaflet/"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$out.tmp/leaflet/"
cp node_modules/world-atlas/countries-50m.json "$out.tmp/world-atlas/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$out.tmp/topojson-client/"
rm -rf "$out" && mv "$out.tmp" "$out"
