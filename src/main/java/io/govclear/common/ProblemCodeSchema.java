package io.govclear.common;

import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Puts the problem-code catalogue into the OpenAPI document: the schema {@code ProblemCode} under
 * components.schemas, a string enum of every {@link ProblemCode} whose description gives each code's status and
 * meaning. Registered with {@code mp.openapi.filter}.
 */
public class ProblemCodeSchema implements OASFilter {

    public static final String NAME = "ProblemCode";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Schema schema = OASFactory.createSchema()
                .addType(Schema.SchemaType.STRING)
                .description("The stable `code` of a problem answer (application/problem+json); its `type` is "
                        + "urn:govclear:problem: and the code in lower case with '-' for '_'.\n\n"
                        + Stream.of(ProblemCode.values())
                                .map(c -> "- `" + c.name() + "` " + c.status() + " " + c.title() + ": "
                                        + c.description())
                                .collect(Collectors.joining("\n")));
        for (ProblemCode code : ProblemCode.values()) {
            schema.addEnumeration(code.name());
        }
        openAPI.getComponents().addSchema(NAME, schema);
    }
}
