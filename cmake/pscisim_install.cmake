# Installation and reuse (docs/porting.md): `cmake --install` puts in the prefix
#   bin/pscisim, bin/pscisim-sweep (+ lib/pscisim/python/pscisim_sweep)
#   the C PSCI library:     lib/libpscisim_psci.a, include/psci/psci.h,
#                           lib/pkgconfig/pscisim-psci.pc
#   the SystemC models:     lib/libpscisim_*.a, include/pscisim/models/...
#   a CMake package:        lib/cmake/pscisim/ -> pscisim::psci, pscisim::models
# Included at the end of the top-level CMakeLists.txt, after every target exists, so
# that the folders' own CMakeLists.txt need no install code.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PSCISIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pscisim)
set(PSCISIM_MODELS_INCLUDE ${CMAKE_INSTALL_INCLUDEDIR}/pscisim/models)

# Include directories are absolute source paths in the build tree; an exported target
# must name them only for the build tree and point at the installed headers instead.
function(pscisim_relocate_includes target install_dir)
    get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
    set(wrapped "")
    if(dirs)
        foreach(d IN LISTS dirs)
            if(d MATCHES "^\\$<")
                list(APPEND wrapped "${d}")
            else()
                list(APPEND wrapped "$<BUILD_INTERFACE:${d}>")
            endif()
        endforeach()
    endif()
    list(APPEND wrapped "$<INSTALL_INTERFACE:${install_dir}>")
    set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${wrapped}")
endfunction()

# --- the C PSCI library ---------------------------------------------------------------
if(TARGET psci)
    set_target_properties(psci PROPERTIES OUTPUT_NAME pscisim_psci EXPORT_NAME psci)
    pscisim_relocate_includes(psci ${CMAKE_INSTALL_INCLUDEDIR})
    add_library(pscisim::psci ALIAS psci)
    install(TARGETS psci EXPORT pscisimPsciTargets
            ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
    install(FILES ${PROJECT_SOURCE_DIR}/psci/include/psci/psci.h
                  ${PROJECT_SOURCE_DIR}/psci/include/psci/psci_functions.def
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/psci)
    install(EXPORT pscisimPsciTargets NAMESPACE pscisim:: DESTINATION ${PSCISIM_CMAKE_DIR})
    # Relocatable: the prefix is found from the .pc file's own place.
    configure_file(${PROJECT_SOURCE_DIR}/cmake/pscisim-psci.pc.in
                   ${PROJECT_BINARY_DIR}/pscisim-psci.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/pscisim-psci.pc
            DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()

# --- the SystemC models -----------------------------------------------------------------
# pscisim::models links every model library: the A64 core and its SystemC wrapper, the
# clock and power domains, the PSCI controller and power-controller registers, bus, RAM,
# PL011, GICv3 and the generic timer.
set(PSCISIM_MODEL_LIBS a64 cpu_systemc model_common model_power model_psci_controller
    model_bus model_memory model_uart model_rtc model_gic model_timer)
set(_have_models ON)
foreach(t IN LISTS PSCISIM_MODEL_LIBS)
    if(NOT TARGET ${t})
        set(_have_models OFF)
    endif()
endforeach()
if(_have_models)
    foreach(t IN LISTS PSCISIM_MODEL_LIBS)
        set_target_properties(${t} PROPERTIES OUTPUT_NAME pscisim_${t})
        pscisim_relocate_includes(${t} ${PSCISIM_MODELS_INCLUDE})
    endforeach()
    add_library(pscisim_models INTERFACE)
    target_link_libraries(pscisim_models INTERFACE ${PSCISIM_MODEL_LIBS})
    set_target_properties(pscisim_models PROPERTIES EXPORT_NAME models)
    add_library(pscisim::models ALIAS pscisim_models)
    install(TARGETS ${PSCISIM_MODEL_LIBS} pscisim_models EXPORT pscisimModelsTargets
            ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
    install(EXPORT pscisimModelsTargets NAMESPACE pscisim:: DESTINATION ${PSCISIM_CMAKE_DIR})
    foreach(dir cpu/include cpu/systemc/include common/include bus/include memory/include
                uart/include rtc/include gic/include timer/include power/include)
        install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/${dir}/
                DESTINATION ${PSCISIM_MODELS_INCLUDE} FILES_MATCHING PATTERN "*.h")
    endforeach()
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pscisimConfig.cmake.in
    ${PROJECT_BINARY_DIR}/pscisimConfig.cmake INSTALL_DESTINATION ${PSCISIM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pscisimConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pscisimConfig.cmake
              ${PROJECT_BINARY_DIR}/pscisimConfigVersion.cmake
        DESTINATION ${PSCISIM_CMAKE_DIR})

# --- the executables ----------------------------------------------------------------------
if(TARGET pscisim)
    install(TARGETS pscisim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(PROGRAMS ${PROJECT_SOURCE_DIR}/tools/pscisim-sweep DESTINATION ${CMAKE_INSTALL_BINDIR})
# Fixed lib/pscisim/python (not LIBDIR): the launcher looks for it at ../lib from bin/.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/tools/sweep/pscisim_sweep
        DESTINATION lib/pscisim/python FILES_MATCHING PATTERN "*.py")
