package dev.smtconsole.app.secrets;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Windows Credential Manager (ADR 0034): generic credentials of the user, read and written with
 * advapi32's {@code CredReadW}, {@code CredWriteW}, {@code CredDeleteW} through JNA. The target name
 * is {@code smt-console:ACCOUNT} (see {@link #target}), shown by {@code cmdkey /list} and in Control
 * Panel → Credential Manager → Windows Credentials; the secret is UTF-16LE, as Windows' own tools
 * write it. Kept per user on this computer ({@code CRED_PERSIST_LOCAL_MACHINE}): not roamed.
 *
 * <p>Not exercised on a real Windows in this project's CI (Linux only): the pure parts (names,
 * encoding, error codes, the structure's layout) are tested on any OS.
 */
public final class WindowsCredentialStore implements CredentialStore {
    static final String NAME = "Windows Credential Manager";
    static final int CRED_TYPE_GENERIC = 1;
    static final int CRED_PERSIST_LOCAL_MACHINE = 2;
    /** CRED_MAX_CREDENTIAL_BLOB_SIZE: 5 × 512 bytes. */
    static final int MAX_BLOB_BYTES = 5 * 512;
    static final int ERROR_ACCESS_DENIED = 5;
    static final int ERROR_NOT_FOUND = 1168;
    static final int ERROR_NO_SUCH_LOGON_SESSION = 1312;
    static final int ERROR_CANCELLED = 1223;

    /** The four functions of advapi32 we call. */
    public interface Advapi32 extends StdCallLibrary {
        boolean CredReadW(WString targetName, int type, int flags, PointerByReference credential);

        boolean CredWriteW(Credential credential, int flags);

        boolean CredDeleteW(WString targetName, int type, int flags);

        void CredFree(Pointer buffer);
    }

    /** wincred.h's CREDENTIALW (80 bytes on 64-bit Windows). */
    @Structure.FieldOrder({"Flags", "Type", "TargetName", "Comment", "LastWritten", "CredentialBlobSize",
            "CredentialBlob", "Persist", "AttributeCount", "Attributes", "TargetAlias", "UserName"})
    public static class Credential extends Structure {
        public int Flags;
        public int Type;
        public WString TargetName;
        public WString Comment;
        public FileTime LastWritten;
        public int CredentialBlobSize;
        public Pointer CredentialBlob;
        public int Persist;
        public int AttributeCount;
        public Pointer Attributes;
        public WString TargetAlias;
        public WString UserName;

        public Credential() {
        }

        public Credential(Pointer p) {
            super(p);
            read();
        }
    }

    /** FILETIME: two DWORDs. */
    @Structure.FieldOrder({"dwLowDateTime", "dwHighDateTime"})
    public static class FileTime extends Structure {
        public int dwLowDateTime;
        public int dwHighDateTime;
    }

    private Advapi32 api;
    private Boolean available;

    private synchronized Advapi32 api() {
        if (api == null) api = Native.load("advapi32", Advapi32.class);
        return api;
    }

    /** The target name of an account: {@code smt-console:smt_app@mes-db:5432/mes}, {@code smt-console:source:line2}. */
    static String target(String account) {
        return SecretToolStore.SERVICE + ":" + account;
    }

    static byte[] encode(String secret) {
        byte[] b = secret.getBytes(StandardCharsets.UTF_16LE);
        if (b.length > MAX_BLOB_BYTES) {
            throw new CredentialStoreException(CredentialStoreException.Reason.FAILED, NAME,
                    "longer than " + MAX_BLOB_BYTES / 2 + " characters");
        }
        return b;
    }

    static String decode(byte[] blob) {
        return new String(blob, StandardCharsets.UTF_16LE);
    }

    /** A failed call's GetLastError as a reason; ERROR_NOT_FOUND is no failure and never comes here. */
    static CredentialStoreException failure(int lastError) {
        CredentialStoreException.Reason r = switch (lastError) {
            case ERROR_ACCESS_DENIED -> CredentialStoreException.Reason.DENIED;
            case ERROR_NO_SUCH_LOGON_SESSION -> CredentialStoreException.Reason.NO_STORE;
            case ERROR_CANCELLED -> CredentialStoreException.Reason.CANCELLED;
            default -> CredentialStoreException.Reason.FAILED;
        };
        return new CredentialStoreException(r, NAME, "Windows error " + lastError);
    }

    @Override
    public synchronized boolean available() {
        if (available == null) {
            // Reading a name nobody writes: "not found" means the store answers for this logon session.
            try {
                PointerByReference out = new PointerByReference();
                if (api().CredReadW(new WString(target("probe-" + ProcessHandle.current().pid())), CRED_TYPE_GENERIC, 0, out)) {
                    api().CredFree(out.getValue());
                    available = true;
                } else {
                    available = Native.getLastError() == ERROR_NOT_FOUND;
                }
            } catch (LinkageError e) {
                available = false; // JNA's native part or advapi32 cannot be loaded
            }
        }
        return available;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> load(String account) {
        PointerByReference out = new PointerByReference();
        if (!api().CredReadW(new WString(target(account)), CRED_TYPE_GENERIC, 0, out)) {
            int error = Native.getLastError();
            if (error == ERROR_NOT_FOUND) return Optional.empty();
            throw failure(error);
        }
        Pointer p = out.getValue();
        try {
            Credential c = new Credential(p);
            if (c.CredentialBlobSize == 0 || c.CredentialBlob == null) return Optional.empty();
            return Optional.of(decode(c.CredentialBlob.getByteArray(0, c.CredentialBlobSize)));
        } finally {
            api().CredFree(p);
        }
    }

    @Override
    public boolean save(String account, String secret) {
        byte[] bytes = encode(secret);
        if (bytes.length == 0) return false;
        try (Memory blob = new Memory(bytes.length)) {
            blob.write(0, bytes, 0, bytes.length);
            Credential c = new Credential();
            c.Type = CRED_TYPE_GENERIC;
            c.TargetName = new WString(target(account));
            c.Comment = new WString(SecretToolStore.label(account));
            c.CredentialBlobSize = bytes.length;
            c.CredentialBlob = blob;
            c.Persist = CRED_PERSIST_LOCAL_MACHINE;
            c.UserName = new WString(account);
            boolean ok = api().CredWriteW(c, 0);
            int error = ok ? 0 : Native.getLastError();
            blob.clear();
            java.util.Arrays.fill(bytes, (byte) 0);
            if (!ok) throw failure(error);
            return true;
        }
    }

    @Override
    public void delete(String account) {
        if (!api().CredDeleteW(new WString(target(account)), CRED_TYPE_GENERIC, 0)) {
            int error = Native.getLastError();
            if (error != ERROR_NOT_FOUND) throw failure(error);
        }
    }
}
