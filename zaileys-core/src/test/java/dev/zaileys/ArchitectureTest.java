package dev.zaileys;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the library, so a later change cannot quietly bring a cycle back: one
 * direction of dependencies from the model up to the client, backends that know only the API and
 * the shared layer, and no package cycles at all.
 */
class ArchitectureTest {

    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.zaileys");

    private static final String[] BACKENDS = {"dev.zaileys.store.memory..", "dev.zaileys.store.file..",
            "dev.zaileys.store.sqlite..", "dev.zaileys.store.postgres..", "dev.zaileys.store.redis..",
            "dev.zaileys.store.convex..", "dev.zaileys.store.crypto.."};

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("dev.zaileys.model..")
                .layer("store API").definedBy("dev.zaileys.store")
                .layer("socket SPI").definedBy("dev.zaileys.socket..")
                .layer("shared backend layer").definedBy("dev.zaileys.store.internal..")
                .layer("backends").definedBy(BACKENDS)
                .layer("binding").definedBy("dev.zaileys.binding..")
                .layer("client").definedBy("dev.zaileys.client..")
                .layer("stores").definedBy("dev.zaileys.stores..")
                .layer("metrics").definedBy("dev.zaileys.metrics..")
                .whereLayer("metrics").mayNotBeAccessedByAnyLayer()
                .whereLayer("stores").mayOnlyBeAccessedByLayers("metrics")
                .whereLayer("client").mayOnlyBeAccessedByLayers("metrics")
                .whereLayer("binding").mayOnlyBeAccessedByLayers("client")
                // the client's defaults are the File auth store and the Memory message store
                .whereLayer("backends").mayOnlyBeAccessedByLayers("client", "stores")
                .whereLayer("shared backend layer").mayOnlyBeAccessedByLayers("backends")
                .whereLayer("socket SPI").mayOnlyBeAccessedByLayers("binding", "client", "metrics")
                .whereLayer("store API").mayOnlyBeAccessedByLayers("shared backend layer", "backends", "binding", "client",
                        "stores", "metrics")
                .check(LIBRARY);
    }

    @Test
    void backendsDoNotKnowEachOther() {
        slices().matching("dev.zaileys.store.(*)..").that(new DescribedPredicate<>("a backend") {
                    @Override
                    public boolean test(com.tngtech.archunit.library.dependencies.Slice slice) {
                        return !slice.getNamePart(1).equals("internal");
                    }
                })
                .should().notDependOnEachOther()
                .check(LIBRARY);
    }

    @Test
    void noPackageCycles() {
        // A package and its internal subpackage are one unit (the model installs its bridge);
        // every other package is a slice of its own.
        slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        String p = javaClass.getPackageName();
                        if (!p.startsWith("dev.zaileys")) {
                            return SliceIdentifier.ignore();
                        }
                        return SliceIdentifier.of(p.startsWith("dev.zaileys.model") ? "dev.zaileys.model" : p);
                    }

                    @Override
                    public String getDescription() {
                        return "packages of dev.zaileys";
                    }
                })
                .should().beFreeOfCycles()
                .check(LIBRARY);
    }
}
