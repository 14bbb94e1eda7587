# Every workaround the Windows lane needs for gaps in Debian 12's Wine (8.0), and nothing else.
# Sourced by .ci/windows-lane.sh. Each one says which Wine gap it covers, so it can be dropped
# when Debian's Wine catches up; none of them changes what the app does on real Windows.
# Measured in ../shared/windows/ (README.md there) on 05/12/2026.

# Gap: a crash inside a Windows program starts Wine's debugger, which waits for ever with no
# terminal; "winedbg.exe=d" disables it so the crash is reported and the process ends. The
# Mono and Gecko installers ("mscoree,mshtml=") would try to download at the first start.
export WINEDLLOVERRIDES="mscoree,mshtml=;winedbg.exe=d"
# Not a gap, noise: Wine's fixme and err lines for what it does not implement would bury the
# lane's own output.
export WINEDEBUG=-all

# Gap: the `wine` wrapper script reads pip's .exe launchers (and PyInstaller's executables)
# as 32-bit programs and asks for the 32-bit Wine, which Debian's wine64 lacks: start every
# Windows program with the 64-bit loader itself.
WINE64=/usr/lib/wine/wine64

# Gap: a standard stream redirected to a regular file or /dev/null fails in Windows programs
# with "WinError 6: the handle is invalid"; a pipe works. So every Windows program runs with
# stdin from a pipe and its output piped through cat. Keeps the program's exit code.
# Mind: cat ends only when every holder of the pipe has, and the first program started in a
# prefix also starts Wine's own services (services.exe, winedevice.exe...), which hold it until
# the wineserver stops; so a wine_run beside another program in the same prefix returns only
# when that one ends too. Run one at a time per prefix (measured: a 20 s pytest "took" 6 min
# beside a build).
#     wine_run PROGRAM.exe ARGS...
wine_run() {
    : | "$WINE64" "$@" 2>&1 | cat && return 0
    local codes=("${PIPESTATUS[@]}")
    return "${codes[1]}"
}

# Python itself, unpacked into $1 (the folder holding python.exe).
wine_fix_python() {
    local python_dir=$1
    # Gap: propsys.VariantToString is unimplemented, so Python's _wmi module (which
    # platform.win32_ver() and friends use) fails to load; without it Python falls back to
    # the registry.
    if [ -f "$python_dir/DLLs/_wmi.pyd" ]; then
        mv "$python_dir/DLLs/_wmi.pyd" "$python_dir/DLLs/_wmi.pyd.off"
    fi
    # Gap: kernel32.CopyFile2 is unimplemented and shutil.copy2 (pip, backups, tests) calls
    # it first; without _winapi.CopyFile2 shutil copies the bytes itself.
    echo "import _winapi; _winapi.__dict__.pop('CopyFile2', None)" \
        > "$python_dir/Lib/site-packages/00-wine-no-copyfile2.pth"
}

# The Wine prefix ($WINEPREFIX), made once before anything runs in it.
wine_fix_prefix() {
    local shims
    shims=$(mktemp -d)
    # Gap: Wine 8.0 has no bcryptprimitives.dll; Rust >= 1.78 binaries (python-calamine's
    # extension) import ProcessPrng from it. A stand-in passes the call to BCryptGenRandom.
    cat > "$shims/bcryptprimitives.c" <<'C'
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += n; len -= n;
    }
    return TRUE;
}
C
    # Gap: Wine 8.0 has no icuuc.dll (Windows 10's system ICU); Qt 6 Core imports 20 ucnv_*
    # functions from it. Every converter is "unsupported", so Qt uses its built-in codecs.
    cat > "$shims/icuuc.c" <<'C'
#include <stddef.h>
#define E __declspec(dllexport)
E void *ucnv_open(const char *name, int *err) { if (err) *err = 16; return NULL; }
E void ucnv_close(void *c) {}
E void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
E void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
E void ucnv_reset(void *c) {}
E int ucnv_getMaxCharSize(void *c) { return 1; }
E const char *ucnv_getName(void *c, int *err) { if (err) *err = 16; return ""; }
E void ucnv_getToUCallBack(void) {}
E void ucnv_getFromUCallBack(void) {}
E void ucnv_setToUCallBack(void *a, void *b, void *c, void *d, void *e, int *err) { if (err) *err = 16; }
E void ucnv_setFromUCallBack(void *a, void *b, void *c, void *d, void *e, int *err) { if (err) *err = 16; }
E void ucnv_cbToUWriteUChars(void) {}
E void ucnv_toUnicode(void *a, void *b, void *c, void *d, void *e, void *f, int g, int *err) { if (err) *err = 16; }
E void ucnv_cbFromUWriteUChars(void) {}
E int ucnv_toUCountPending(void *c, int *err) { return 0; }
E int ucnv_fromUCountPending(void *c, int *err) { return 0; }
E const char *ucnv_getStandardName(const char *n, const char *s, int *err) { if (err) *err = 16; return NULL; }
E const char *ucnv_getAvailableName(int i) { return NULL; }
E int ucnv_countAvailable(void) { return 0; }
E void ucnv_fromUnicode(void *a, void *b, void *c, void *d, void *e, void *f, int g, int *err) { if (err) *err = 16; }
C
    x86_64-w64-mingw32-gcc -O2 -shared -o "$shims/bcryptprimitives.dll" \
        "$shims/bcryptprimitives.c" -lbcrypt
    x86_64-w64-mingw32-gcc -O2 -shared -o "$shims/icuuc.dll" "$shims/icuuc.c"
    cp "$shims"/*.dll "$WINEPREFIX/drive_c/windows/system32/"
    rm -rf "$shims"
    # Gap: Wine 8.0 reports Windows 7 to programs unless told otherwise; Python 3.12 and
    # Qt 6 need Windows 10.
    wine_run reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null
}
