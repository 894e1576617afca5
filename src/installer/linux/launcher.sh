#!/bin/sh
# The installed app's command on Linux: the bundled runtime with the options, class path and main
# class that jpackage wrote into lib/app/lakehouse-workbench.cfg, in that order (the class-data archive
# made at install time is valid only for exactly this class path).
# It stands in for jpackage's native launcher, which on JDK 17 asks rpm and then dpkg which package
# owns it at every start: about 0.4 s before the JVM begins (docs/decisions/0010-class-data-sharing.md).
# The install folder has no spaces (/opt/lakehouse-workbench), so the options split on blanks safely.
self=$(readlink -f "$0")
root=${self%/bin/*}
app=$root/lib/app
cfg=$app/lakehouse-workbench.cfg
cp=$(sed -n "s|^app\.classpath=\\\$APPDIR|$app|p" "$cfg" | paste -sd: -)
main=$(sed -n 's/^app\.mainclass=//p' "$cfg")
opts=$(sed -n "s|^java-options=||; t opt; d; :opt s|\\\$APPDIR|$app|g; p" "$cfg" | tr '\n' ' ')
# shellcheck disable=SC2086
exec "$root/lib/runtime/bin/java" $opts -cp "$cp" "$main" "$@"
