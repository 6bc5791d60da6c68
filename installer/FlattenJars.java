import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * build.sh helper (run as `java FlattenJars.java SRC DST`): copies every jar under SRC to DST
 * without module-info.class, so that jdeps reads them as the class path does. Read as modules,
 * jdeps stops at POI, which requires a module name its SparseBitSet jar does not declare.
 */
public class FlattenJars {
    public static void main(String[] args) throws IOException {
        Path dst = Path.of(args[1]);
        List<Path> jars;
        try (var s = Files.walk(Path.of(args[0]))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            Path out = dst.resolve(jar.getFileName());
            try (ZipFile z = new ZipFile(jar.toFile())) {
                if (z.stream().noneMatch(FlattenJars::isModuleInfo)) {
                    Files.copy(jar, out);
                    continue;
                }
                try (OutputStream os = Files.newOutputStream(out); ZipOutputStream zo = new ZipOutputStream(os)) {
                    zo.setLevel(0);
                    for (ZipEntry e : z.stream().filter(e -> !isModuleInfo(e)).toList()) {
                        zo.putNextEntry(new ZipEntry(e.getName()));
                        try (InputStream in = z.getInputStream(e)) {
                            in.transferTo(zo);
                        }
                        zo.closeEntry();
                    }
                }
            }
        }
    }

    private static boolean isModuleInfo(ZipEntry e) {
        return e.getName().endsWith("module-info.class");
    }
}
